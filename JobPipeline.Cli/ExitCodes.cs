using JobPipeline.Client;

namespace JobPipeline.Cli;

/// <summary>The exit codes of <c>jobpipeline</c>, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>watch</c> and <c>submit --wait</c>: the job completed.</summary>
    public const int Ok = 0;

    /// <summary>The job failed, was canceled or expired; or it is in no state for the command (result of an unfinished job, cancel of a finished one).</summary>
    public const int JobNotCompleted = 1;

    /// <summary>Bad usage: unknown command or option, a missing argument, or a request the service refused as invalid (400, 413, 415).</summary>
    public const int Usage = 2;

    /// <summary>No such job (404).</summary>
    public const int NotFound = 3;

    /// <summary>No API key, or the service did not accept it (401, 403).</summary>
    public const int Unauthorized = 4;

    /// <summary>The service failed or could not be reached (5xx, 429 after retries, network errors, timeouts).</summary>
    public const int ServiceUnavailable = 5;

    /// <summary>The exit code of a failed request.</summary>
    public static int Of(JobPipelineRequestException e) => e.Status switch
    {
        401 or 403 => Unauthorized,
        404 => NotFound,
        409 or 410 => JobNotCompleted,
        400 or 413 or 415 or 422 => Usage,
        _ => ServiceUnavailable,
    };

    /// <summary>The exit code for a job that reached a terminal status.</summary>
    public static int Of(Job job) => job.Status == JobStatus.Completed ? Ok : JobNotCompleted;
}
