using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace JobPipeline.Processing.Extract;

/// <summary>
/// Reads an HTML document as a browser parses it (AngleSharp; no scripts run, nothing is fetched): headings
/// <c>h1</c>–<c>h6</c>, paragraphs (any block's own text), tables as rows and cells. One page.
/// </summary>
internal static class HtmlExtractor
{
    private static readonly HashSet<string> Skipped = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "SVG", "IFRAME", "OBJECT"];
    private static readonly HashSet<string> Inline =
        ["A", "SPAN", "B", "I", "EM", "STRONG", "CODE", "SMALL", "SUP", "SUB", "U", "MARK", "ABBR", "TIME", "LABEL", "S", "Q", "CITE", "KBD", "VAR", "DFN", "BDI", "BDO", "DATA", "FONT", "BR", "IMG", "WBR"];

    public static async Task ReadAsync(Stream input, ExtractWriter writer, CancellationToken cancellationToken)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using IHtmlDocument document = await parser.ParseDocumentAsync(input, cancellationToken);
        writer.BeginPage(null);
        if (document.Body is { } body)
        {
            Visit(body, writer);
        }
    }

    private static void Visit(IElement element, ExtractWriter writer)
    {
        var pending = new StringBuilder();
        foreach (INode node in element.ChildNodes)
        {
            if (node is IText text)
            {
                pending.Append(Flatten(text.Data));
                continue;
            }

            if (node is not IElement child || Skipped.Contains(child.TagName))
            {
                continue;
            }

            if (Inline.Contains(child.TagName))
            {
                pending.Append(child.TagName == "BR" ? "\n" : InlineText(child));
                continue;
            }

            Flush(pending, writer);
            switch (child.TagName)
            {
                case "H1" or "H2" or "H3" or "H4" or "H5" or "H6":
                    if (Collapse(child.TextContent) is { Length: > 0 } heading)
                    {
                        writer.Heading(child.TagName[1] - '0', heading);
                    }

                    break;
                case "TABLE":
                    writer.BeginTable();
                    foreach (IElement row in child.QuerySelectorAll("tr").Where(r => r.Closest("table") == child))
                    {
                        writer.Row([.. row.Children.Where(c => c.TagName is "TD" or "TH").Select(c => Collapse(c.TextContent))]);
                    }

                    writer.EndTable();
                    break;
                case "PRE":
                    if (child.TextContent.Trim('\n') is { Length: > 0 } pre)
                    {
                        writer.Paragraph(pre);
                    }

                    break;
                default:
                    Visit(child, writer);
                    break;
            }
        }

        Flush(pending, writer);
    }

    private static string InlineText(IElement element) =>
        Skipped.Contains(element.TagName) ? "" : string.Concat(element.ChildNodes.Select(n => n switch
        {
            IText t => Flatten(t.Data),
            IElement { TagName: "BR" } => "\n",
            IElement e => InlineText(e),
            _ => "",
        }));

    private static void Flush(StringBuilder pending, ExtractWriter writer)
    {
        if (Normalize(pending.ToString()) is { Length: > 0 } text)
        {
            writer.Paragraph(text);
        }

        pending.Clear();
    }

    // Whitespace collapses as a browser shows it; only <br> breaks a line (source line breaks are whitespace).
    private static string Normalize(string text) =>
        string.Join('\n', text.Split('\n').Select(Collapse).Where(l => l.Length > 0));

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Flatten(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
