using JobPipeline.Processing.Redaction;

namespace JobPipeline.Bench.Redaction;

/// <summary>Settings shared by the quick run and the BenchmarkDotNet run.</summary>
internal static class BenchSettings
{
    /// <summary>Default limits and the documented development hash key; never use that key outside a laptop.</summary>
    public static RedactionOptions Development { get; } = new() { HashKey = "ZGV2ZWxvcG1lbnQtb25seS1yZWRhY3Rpb24taGFzaC1rZXktMDAwMQ==" };
}
