using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>Where a job stands. Status moves only forward; the last four are terminal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Accepted, not started.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Running.</summary>
    [JsonStringEnumMemberName("processing")]
    Processing,

    /// <summary>Done; the result is available until the job expires.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Ended with an error (<see cref="Job.Error"/>).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Canceled before it ended.</summary>
    [JsonStringEnumMemberName("canceled")]
    Canceled,

    /// <summary>Retention has passed: result and input are gone; summary and timestamps stay.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,
}
