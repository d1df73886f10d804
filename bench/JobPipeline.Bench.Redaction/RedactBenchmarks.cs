using System.Text;
using BenchmarkDotNet.Attributes;
using JobPipeline.Processing.Redaction;
using Microsoft.Extensions.Options;

namespace JobPipeline.Bench.Redaction;

/// <summary>BenchmarkDotNet view of the same work as the quick throughput figure: 8 MB of sparse prose as text/plain.</summary>
[MemoryDiagnoser]
public class RedactBenchmarks
{
    private byte[] _document = [];
    private RedactProcessor _processor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = Encoding.UTF8.GetBytes(SparseProse.Generate(8 * 1024 * 1024));
        _processor = new RedactProcessor(Options.Create(BenchSettings.Development));
    }

    [Benchmark]
    public async Task<long> RedactTextPlain()
    {
        var output = new CountingStream();
        await _processor.ProcessAsync(InMemoryJob.Create(_document, "text/plain", output));
        return output.BytesWritten;
    }
}
