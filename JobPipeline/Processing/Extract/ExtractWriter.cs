namespace JobPipeline.Processing.Extract;

/// <summary>
/// Where extracted content goes, block by block as it is read, so a large document is never held whole: pages, then
/// headings, paragraphs and tables (row by row) within a page. One implementation per <c>options.format</c>.
/// </summary>
internal abstract class ExtractWriter
{
    /// <summary>Pages begun so far.</summary>
    public int PageCount { get; private set; }

    /// <summary>Starts page <see cref="PageCount"/> + 1, with a name where the format has one (a sheet's).</summary>
    public void BeginPage(string? name)
    {
        if (PageCount > 0)
        {
            EndPage();
        }

        PageCount++;
        StartPage(PageCount, name);
    }

    public abstract void Heading(int level, string text);

    public abstract void Paragraph(string text);

    public abstract void BeginTable();

    public abstract void Row(IReadOnlyList<string> cells);

    public abstract void EndTable();

    /// <summary>Ends the last page and the document.</summary>
    public void Complete()
    {
        if (PageCount > 0)
        {
            EndPage();
        }

        Finish();
    }

    /// <summary>Pushes what is buffered to the output.</summary>
    public abstract Task FlushAsync(CancellationToken cancellationToken);

    protected abstract void StartPage(int number, string? name);

    protected abstract void EndPage();

    protected abstract void Finish();
}
