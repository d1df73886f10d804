namespace JobPipeline.Client;

/// <summary>What <see cref="JobPipelineClient.DownloadResultAsync"/> wrote.</summary>
/// <param name="ContentType">The result's content type.</param>
/// <param name="FileName">The file name the service suggests (documents), if any.</param>
/// <param name="Bytes">How many bytes were written.</param>
public sealed record JobResultDownload(string ContentType, string? FileName, long Bytes);
