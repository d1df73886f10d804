namespace JobPipeline.Processing.Extract;

/// <summary><c>format=text</c>: paragraphs separated by a blank line, table cells by tabs, pages by a form feed.</summary>
internal sealed class TextExtractWriter(TextWriter output) : ExtractWriter
{
    private bool _blockWritten;

    public override void Heading(int level, string text) => Paragraph(text);

    public override void Paragraph(string text)
    {
        Separate();
        output.Write(text);
        output.Write('\n');
    }

    public override void BeginTable() => Separate();

    public override void Row(IReadOnlyList<string> cells)
    {
        output.Write(string.Join('\t', cells.Select(c => c.Replace('\t', ' ').Replace('\n', ' '))));
        output.Write('\n');
    }

    public override void EndTable()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    protected override void StartPage(int number, string? name)
    {
        if (number > 1)
        {
            output.Write('\f');
        }

        _blockWritten = false;
        if (name is not null)
        {
            Paragraph(name);
        }
    }

    protected override void EndPage()
    {
    }

    protected override void Finish()
    {
    }

    private void Separate()
    {
        if (_blockWritten)
        {
            output.Write('\n');
        }

        _blockWritten = true;
    }
}
