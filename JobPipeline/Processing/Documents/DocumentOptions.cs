using System.ComponentModel.DataAnnotations;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Limits on the documents (DOCX, XLSX, PDF) the <c>redact</c> and <c>extract</c> job types open, bound from
/// <c>JobPipeline:Documents</c> and validated at start. They bound what a small upload can expand to (zip bombs,
/// huge XML parts) so a job fails with <c>DOCUMENT_TOO_LARGE</c> instead of exhausting the worker.
/// </summary>
public sealed record DocumentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "JobPipeline:Documents";

    /// <summary>Most bytes all parts of a DOCX or XLSX package may expand to together.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUncompressedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most bytes one part (one XML file inside the package) may expand to.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxPartBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Highest compression ratio (uncompressed / compressed) of a part larger than 1 MiB.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Most entries a package may have.</summary>
    [Range(1, 1_000_000)]
    public int MaxPackageEntries { get; init; } = 10_000;

    /// <summary>Most characters of one paragraph, cell or shared string (each is redacted as one text).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxTextChars { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most pages of a PDF.</summary>
    [Range(1, 1_000_000)]
    public int MaxPdfPages { get; init; } = 5_000;
}
