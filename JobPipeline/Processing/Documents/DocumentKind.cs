namespace JobPipeline.Processing.Documents;

/// <summary>A document format the job types take: its media type, the <c>file_type</c> it reports, its file extension.</summary>
internal sealed record DocumentKind(string ContentType, string FileType, string Extension)
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly DocumentKind Text = new("text/plain", "txt", "txt");
    public static readonly DocumentKind Csv = new("text/csv", "csv", "csv");
    public static readonly DocumentKind Json = new("application/json", "json", "json");
    public static readonly DocumentKind Docx = new(DocxContentType, "docx", "docx");
    public static readonly DocumentKind Xlsx = new(XlsxContentType, "xlsx", "xlsx");
    public static readonly DocumentKind Pdf = new("application/pdf", "pdf", "pdf");
    public static readonly DocumentKind Html = new("text/html", "html", "html");
    public static readonly DocumentKind Markdown = new("text/markdown", "md", "md");

    private static readonly DocumentKind[] All = [Text, Csv, Json, Docx, Xlsx, Pdf, Html, Markdown];

    /// <summary>The kind of <paramref name="contentType"/> (lowercase, no parameters), or null.</summary>
    public static DocumentKind? Find(string? contentType) => All.FirstOrDefault(k => k.ContentType == contentType);
}
