using System.IO.Compression;
using System.Text;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// A DOCX or XLSX package read as the zip it is, checked against <see cref="DocumentOptions"/> before anything is
/// decompressed (entry count, declared sizes, compression ratios) and bounded while it is (declared sizes can lie).
/// Rewriting streams every part through once: the parts a redactor knows are transformed, the rest copied as is.
/// </summary>
internal sealed class OfficePackage : IDisposable
{
    private const long RatioCheckFromBytes = 1024 * 1024;
    private static readonly byte[] CompoundFileMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private readonly DocumentKind _kind;
    private readonly DocumentOptions _limits;

    private OfficePackage(ZipArchive archive, DocumentKind kind, DocumentOptions limits)
    {
        Archive = archive;
        _kind = kind;
        _limits = limits;
        TotalBytes = archive.Entries.Sum(e => e.Length);
    }

    public ZipArchive Archive { get; }

    /// <summary>Whether this is a Word document or a workbook.</summary>
    public DocumentKind Kind => _kind;

    /// <summary>The declared uncompressed size of all parts.</summary>
    public long TotalBytes { get; }

    /// <summary>Opens and checks the package in <paramref name="file"/> (a seekable copy of the upload).</summary>
    public static OfficePackage Open(FileStream file, DocumentKind kind, DocumentOptions limits)
    {
        Sniff(file, kind);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            _ = archive.Entries.Count;
        }
        catch (InvalidDataException e)
        {
            throw DocumentFailure.Unreadable(kind.FileType, "it is not a valid zip package.", e);
        }

        try
        {
            Check(archive, kind, limits);
            return new OfficePackage(archive, kind, limits);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The entry of a part URI (<c>/word/document.xml</c>), or null.</summary>
    public ZipArchiveEntry? Entry(Uri partUri)
    {
        string name = Uri.UnescapeDataString(partUri.OriginalString).TrimStart('/');
        return Archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Opens a part for reading, bounded by its declared size and the per-part limit.</summary>
    public Stream OpenEntry(ZipArchiveEntry entry)
    {
        long bound = Math.Min(entry.Length, _limits.MaxPartBytes);
        return new BoundedReadStream(entry.Open(), bound, () => DocumentFailure.TooLarge(
            _kind.FileType, $"part '{entry.FullName}' expands past its declared size or the per-part limit.", "max_part_bytes", _limits.MaxPartBytes));
    }

    /// <summary>
    /// Writes the package again into <paramref name="output"/>, entry by entry in the original order: an entry for
    /// which <paramref name="transform"/> returns a rewriter is streamed through it, every other one is copied.
    /// The entries <paramref name="plan"/> drops are left out (thumbnails, revision logs…: <see cref="PartPolicy"/>;
    /// the transform of <c>.rels</c> parts drops their relationships), and so are their content-type overrides.
    /// </summary>
    public void Rewrite(Stream output, PartPlan plan, Func<ZipArchiveEntry, Action<Stream, Stream>?> transform, Action<long>? afterEntry, CancellationToken cancellationToken)
    {
        IReadOnlySet<string> dropped = plan.Dropped;
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        long done = 0;
        foreach (ZipArchiveEntry entry in Archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (dropped.Contains(entry.FullName))
            {
                done += entry.Length;
                continue;
            }

            Action<Stream, Stream>? rewrite = dropped.Count > 0 && entry.FullName == ThumbnailRemoval.ContentTypesEntry
                ? (source, destination) => ThumbnailRemoval.RewriteContentTypes(source, destination, dropped)
                : transform(entry);
            ZipArchiveEntry copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
            copy.LastWriteTime = entry.LastWriteTime;
            using (Stream source = OpenEntry(entry))
            using (Stream destination = copy.Open())
            {
                if (rewrite is not null)
                {
                    rewrite(source, destination);
                }
                else
                {
                    source.CopyTo(destination);
                }
            }

            done += entry.Length;
            afterEntry?.Invoke(done);
        }
    }

    public void Dispose() => Archive.Dispose();

    private static void Sniff(FileStream file, DocumentKind kind)
    {
        Span<byte> head = stackalloc byte[8];
        int read = file.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 8 && head.SequenceEqual(CompoundFileMagic))
        {
            // Office encrypts an OOXML package into an OLE compound file holding an "EncryptionInfo" stream;
            // any other compound file is a legacy binary .doc or .xls.
            if (ContainsUtf16(file, "EncryptionInfo"))
            {
                throw DocumentFailure.Encrypted(kind.FileType);
            }

            throw DocumentFailure.Unsupported(kind.FileType, "it is a legacy binary Office file (.doc, .xls); save it as .docx or .xlsx.");
        }

        if (read < 4 || head[0] != (byte)'P' || head[1] != (byte)'K')
        {
            throw DocumentFailure.Unreadable(kind.FileType, "it is not an Office Open XML (zip) package.");
        }
    }

    private static bool ContainsUtf16(FileStream file, string name)
    {
        byte[] needle = Encoding.Unicode.GetBytes(name);
        byte[] buffer = new byte[(int)Math.Min(file.Length, 64L * 1024 * 1024)];
        int read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return buffer.AsSpan(0, read).IndexOf(needle) >= 0;
    }

    private static void Check(ZipArchive archive, DocumentKind kind, DocumentOptions limits)
    {
        if (archive.Entries.Count > limits.MaxPackageEntries)
        {
            throw DocumentFailure.TooLarge(kind.FileType, $"it has more than {limits.MaxPackageEntries} parts.", "max_package_entries", limits.MaxPackageEntries);
        }

        long total = 0;
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            total += entry.Length;
            if (entry.Length > limits.MaxPartBytes)
            {
                throw DocumentFailure.TooLarge(kind.FileType, $"part '{entry.FullName}' expands to {entry.Length} bytes.", "max_part_bytes", limits.MaxPartBytes);
            }

            if (entry.Length > RatioCheckFromBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                throw DocumentFailure.TooLarge(kind.FileType, $"part '{entry.FullName}' is compressed more than {limits.MaxCompressionRatio}:1 (a zip bomb?).", "max_compression_ratio", limits.MaxCompressionRatio);
            }
        }

        if (total > limits.MaxUncompressedBytes)
        {
            throw DocumentFailure.TooLarge(kind.FileType, $"its parts expand to {total} bytes.", "max_uncompressed_bytes", limits.MaxUncompressedBytes);
        }
    }
}
