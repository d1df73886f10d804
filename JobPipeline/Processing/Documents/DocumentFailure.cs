using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.Documents;

/// <summary>The clear, non-retryable errors a document job fails with (never <c>INTERNAL_ERROR</c> for a bad file).</summary>
internal static class DocumentFailure
{
    public static JobProcessingException Unreadable(string fileType, string reason, Exception? cause = null) =>
        Create(ErrorCodes.DocumentUnreadable, $"The document cannot be read as {fileType}: {reason}", fileType, cause);

    public static JobProcessingException Encrypted(string fileType) =>
        Create(ErrorCodes.DocumentEncrypted, $"The {fileType} document is password-protected; send it without a password.", fileType, null);

    public static JobProcessingException Unsupported(string fileType, string reason) =>
        Create(ErrorCodes.UnsupportedDocument, $"The {fileType} document uses something this service cannot process safely: {reason}", fileType, null);

    public static JobProcessingException TooLarge(string fileType, string reason, string limit, long value) =>
        new(new JobError(
            ErrorCodes.DocumentTooLarge,
            $"The {fileType} document is over a limit: {reason}",
            new JsonObject { ["file_type"] = fileType, ["limit"] = limit, ["max"] = value }));

    private static JobProcessingException Create(string code, string message, string fileType, Exception? cause)
    {
        var error = new JobError(code, message, new JsonObject { ["file_type"] = fileType });
        return cause is null ? new JobProcessingException(error) : new JobProcessingException(error, cause);
    }
}
