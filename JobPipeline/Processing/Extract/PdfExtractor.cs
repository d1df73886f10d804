using JobPipeline.Processing.Documents;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace JobPipeline.Processing.Extract;

/// <summary>Reads a PDF's text page by page, line by line (PDF keeps no headings or tables as such).</summary>
internal static class PdfExtractor
{
    public static void Read(FileStream input, DocumentOptions limits, ExtractWriter writer, Action<int, int> progress, CancellationToken cancellationToken)
    {
        Span<byte> head = stackalloc byte[1024];
        int read = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        input.Position = 0;
        if (head[..read].IndexOf("%PDF-"u8) < 0)
        {
            throw DocumentFailure.Unreadable("pdf", "it does not start with a PDF header.");
        }

        PdfPigDocument document;
        try
        {
            document = PdfPigDocument.Open(input);
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            throw DocumentFailure.Encrypted("pdf");
        }
        catch (Exception e) when (e is not OperationCanceledException and not JobProcessingException)
        {
            throw DocumentFailure.Unreadable("pdf", "its structure is damaged.", e);
        }

        using (document)
        {
            if (document.NumberOfPages > limits.MaxPdfPages)
            {
                throw DocumentFailure.TooLarge("pdf", $"it has {document.NumberOfPages} pages.", "max_pdf_pages", limits.MaxPdfPages);
            }

            for (int number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.BeginPage(null);
                string text = PdfRedactor.PageText(document.GetPage(number).Letters).Text;
                foreach (string line in text.Split('\n'))
                {
                    if (line.Trim() is { Length: > 0 } trimmed)
                    {
                        writer.Paragraph(trimmed);
                    }
                }

                progress(number, document.NumberOfPages);
            }
        }
    }
}
