namespace JobPipeline.Processing.Extract;

/// <summary>
/// <c>format=markdown</c>: headings as <c>#</c> lines, paragraphs, tables as pipe tables (the first row as the header),
/// pages separated by a rule and a <c>&lt;!-- page N --&gt;</c> marker.
/// </summary>
internal sealed class MarkdownExtractWriter(TextWriter output) : ExtractWriter
{
    private int _rows;
    private int _columns;

    public override void Heading(int level, string text)
    {
        output.Write(new string('#', Math.Clamp(level, 1, 6)));
        output.Write(' ');
        output.Write(Inline(text));
        output.Write("\n\n");
    }

    public override void Paragraph(string text)
    {
        output.Write(Escape(text));
        output.Write("\n\n");
    }

    public override void BeginTable() => _rows = 0;

    public override void Row(IReadOnlyList<string> cells)
    {
        if (_rows == 0)
        {
            _columns = Math.Max(1, cells.Count);
        }

        output.Write('|');
        for (int i = 0; i < _columns; i++)
        {
            output.Write(' ');
            output.Write(i < cells.Count ? Inline(cells[i]).Replace("|", "\\|", StringComparison.Ordinal) : "");
            output.Write(" |");
        }

        output.Write('\n');
        if (_rows == 0)
        {
            output.Write('|');
            output.Write(string.Concat(Enumerable.Repeat(" --- |", _columns)));
            output.Write('\n');
        }

        _rows++;
    }

    public override void EndTable() => output.Write('\n');

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    protected override void StartPage(int number, string? name)
    {
        if (number > 1)
        {
            output.Write("---\n\n");
        }

        output.Write($"<!-- page {number} -->\n\n");
        if (name is not null)
        {
            Heading(2, name);
        }
    }

    protected override void EndPage()
    {
    }

    protected override void Finish()
    {
    }

    private static string Inline(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    // A paragraph that starts like Markdown syntax (a heading, a list, a quote) is escaped so it stays a paragraph.
    private static string Escape(string text) =>
        text.Length > 0 && "#>-*+|".Contains(text[0]) ? "\\" + text : text;
}
