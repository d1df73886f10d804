using System.ComponentModel;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>What every command takes: where the service is and the key.</summary>
public class ApiSettings : CommandSettings
{
    /// <summary>The service's base URL.</summary>
    [CommandOption("-u|--url <URL>")]
    [Description("The service's base URL (default: $JOBPIPELINE_URL, else http://127.0.0.1:7071).")]
    public string? Url { get; init; }

    /// <summary>The API key.</summary>
    [CommandOption("-k|--api-key <KEY>")]
    [Description("The API key (default: $JOBPIPELINE_API_KEY).")]
    public string? ApiKey { get; init; }
}
