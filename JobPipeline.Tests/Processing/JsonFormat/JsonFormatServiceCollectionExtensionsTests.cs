using JobPipeline.Processing;
using JobPipeline.Processing.JsonFormat;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Processing.JsonFormat;

public class JsonFormatServiceCollectionExtensionsTests
{
    [Fact]
    public void AddJsonFormat_registers_the_json_format_job_type_once()
    {
        var services = new ServiceCollection();

        services.AddJsonFormat().AddJsonFormat();

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal(["json.format"], provider.GetServices<IJobProcessor>().Select(p => p.Type));
    }
}
