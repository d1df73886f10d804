using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using PdfSharp.Pdf;

namespace JobPipeline.Bench.Redaction;

/// <summary>
/// Document redaction figures: a 100-page PDF (pages/s) and a 50 MB XLSX (MB/s), each with the peak growth of the
/// process's working set while it runs (sampled every 20 ms over the baseline just before; target ≤ 150 MB).
/// </summary>
internal static class DocumentBench
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task PrintAsync(RedactProcessor processor)
    {
        string pdf = Path.Combine(Path.GetTempPath(), "redact-bench-100-pages.pdf");
        if (!File.Exists(pdf))
        {
            File.WriteAllBytes(pdf, Pdf(pages: 100));
        }

        string xlsx = Path.Combine(Path.GetTempPath(), "redact-bench-50mb.xlsx");
        if (!File.Exists(xlsx))
        {
            WriteWorkbook(xlsx, megabytes: 50);
        }

        await MeasureAsync(processor, pdf, "application/pdf", "100-page PDF", (seconds, _) => $"{100 / seconds:0.0} pages/s");
        await MeasureAsync(processor, xlsx, Xlsx, "50 MB XLSX", (seconds, bytes) => $"{bytes / (1024.0 * 1024.0) / seconds:0.0} MB/s");
    }

    private static async Task MeasureAsync(RedactProcessor processor, string path, string contentType, string name, Func<double, long, string> speed)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });

        var output = new CountingStream();
        var stopwatch = Stopwatch.StartNew();
        JobProcessorOutcome outcome = await processor.ProcessAsync(InMemoryJob.File(path, contentType, output));
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        long size = new FileInfo(path).Length;
        Console.WriteLine($"redact {name} ({size / (1024.0 * 1024.0):0.0} MB): {stopwatch.Elapsed.TotalSeconds:0.0} s, {speed(stopwatch.Elapsed.TotalSeconds, size)}, " +
            $"peak working set growth {(peak - baseline) / (1024.0 * 1024.0):0} MB (target <= 150), {outcome.Summary!["entity_count"]} entities, output {output.BytesWritten / (1024.0 * 1024.0):0.0} MB");
    }

    /// <summary>Pages of 45 lines of prose in Helvetica, with an address, an IP or a card number every few lines.</summary>
    private static byte[] Pdf(int pages)
    {
        var document = new PdfDocument();
        var font = new PdfDictionary(document);
        font.Elements["/Type"] = new PdfName("/Font");
        font.Elements["/Subtype"] = new PdfName("/Type1");
        font.Elements["/BaseFont"] = new PdfName("/Helvetica");
        font.Elements["/Encoding"] = new PdfName("/WinAnsiEncoding");
        document.Internals.AddObject(font);
        var fonts = new PdfDictionary(document);
        fonts.Elements["/F1"] = font.Reference;
        for (int page = 0; page < pages; page++)
        {
            var content = new StringBuilder("BT /F1 10 Tf 12 TL 50 780 Td\n");
            for (int line = 0; line < 45; line++)
            {
                string text = (line % 6) switch
                {
                    0 => $"Customer {page}-{line} wrote from user{page}.{line}@example.com about the order.",
                    2 => $"The request came from 10.{page % 250}.{line}.7 and was logged as usual.",
                    4 => "Paid with card 4111 1111 1111 1111 on the first of the month, thanks.",
                    _ => "The quarterly figures were reviewed by the team and found in order.",
                };
                content.Append('(').Append(text).Append(") '\n");
            }

            content.Append("ET");
            PdfPage pdfPage = document.AddPage();
            pdfPage.Resources.Elements["/Font"] = fonts;
            pdfPage.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(content.ToString()));
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>
    /// One sheet of rows (id, name, e-mail as a shared string, a note as an inline string, an amount) until the file
    /// reaches the size; the shared strings are all distinct (one in ten an e-mail address), as in a real customer list.
    /// </summary>
    private static void WriteWorkbook(string path, int megabytes)
    {
        using FileStream file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
        Entry(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Entry(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Entry(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");

        // Rows are written until the compressed sheet alone is near the target; the shared strings follow.
        var random = new Random(42);
        int rows = 0;
        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false)))
        {
            sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            long target = megabytes * 1024L * 1024 * 7 / 10;
            while (file.Length < target)
            {
                rows++;
                sheet.Write($"""<row r="{rows}"><c r="A{rows}"><v>{rows}</v></c><c r="B{rows}" t="inlineStr"><is><t>Customer {random.Next():x8}</t></is></c><c r="C{rows}" t="s"><v>{rows - 1}</v></c><c r="D{rows}" t="inlineStr"><is><t>{(rows % 5 == 0 ? $"called from 10.{rows % 250}.{rows % 199}.3" : $"note {random.Next():x8} ok")}</t></is></c><c r="E{rows}"><v>{random.Next(100000) / 100.0}</v></c></row>""");
                if (rows % 10_000 == 0)
                {
                    sheet.Flush();
                }
            }

            sheet.Write("</sheetData></worksheet>");
        }

        using var strings = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        strings.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{rows}" uniqueCount="{rows}">""");
        for (int i = 0; i < rows; i++)
        {
            strings.Write(i % 10 == 0 ? $"<si><t>user{i}.{random.Next():x6}@example.com</t></si>" : $"<si><t>Contact {random.Next():x8} {i}</t></si>");
        }

        strings.Write("</sst>");
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
