namespace JobPipeline.Telemetry;

/// <summary>
/// Where the host's traces, metrics and logs go (section <c>JobPipeline:Telemetry</c>). Nothing is exported by default;
/// the Functions app also exports to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "JobPipeline:Telemetry";

    /// <summary>
    /// An OTLP collector (<c>http://collector:4317</c> for gRPC; <c>http://collector:4318</c> for HTTP, to which the
    /// signal's path <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c> is added); empty: OTLP export is off.
    /// </summary>
    [AbsoluteHttpUrl]
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^(grpc|http/protobuf)$")]
    public string OtlpProtocol { get; set; } = "grpc";
}
