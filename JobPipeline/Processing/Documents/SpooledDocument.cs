namespace JobPipeline.Processing.Documents;

/// <summary>
/// A document copied to a temporary file that deletes itself on close: zip and PDF readers need to seek, and a
/// blob or request stream cannot, while memory must not hold a large document whole.
/// </summary>
internal static class SpooledDocument
{
    public static async Task<FileStream> CopyAsync(Stream source, CancellationToken cancellationToken)
    {
        FileStream file = Create();
        try
        {
            await source.CopyToAsync(file, 256 * 1024, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public static FileStream Create() => new(
        Path.Combine(Path.GetTempPath(), $"jobpipeline-doc-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        256 * 1024,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
