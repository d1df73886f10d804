using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Streams one XML part from a reader to a writer node by node, so a part of any size passes through in bounded
/// memory; only the small elements a redactor works on (a paragraph, a cell, a shared string) are loaded, handed to
/// it, and written back. No DTDs, no external resolution.
/// </summary>
internal static class XmlPartRewriter
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        CloseInput = false,
    };

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.None,
        CloseOutput = false,
        ConformanceLevel = ConformanceLevel.Document,
    };

    /// <summary>
    /// Copies <paramref name="input"/> to <paramref name="output"/>; each element for which <paramref name="isTarget"/>
    /// holds (checked on the reader positioned at its start) is loaded whole and passed to <paramref name="edit"/>.
    /// </summary>
    public static void Rewrite(Stream input, Stream output, Func<XmlReader, bool> isTarget, Action<XElement> edit) =>
        RewriteOrDrop(input, output, isTarget, element =>
        {
            edit(element);
            return true;
        });

    /// <summary>
    /// As <see cref="Rewrite"/>, but <paramref name="edit"/> also says whether the element stays: one for which it
    /// returns false is left out of the output.
    /// </summary>
    public static void RewriteOrDrop(Stream input, Stream output, Func<XmlReader, bool> isTarget, Func<XElement, bool> edit)
    {
        using var reader = XmlReader.Create(input, ReaderSettings);
        using var writer = XmlWriter.Create(output, WriterSettings);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && isTarget(reader))
            {
                var element = (XElement)XNode.ReadFrom(reader);
                if (edit(element))
                {
                    element.WriteTo(writer);
                }

                continue;
            }

            CopyNode(reader, writer);
            reader.Read();
        }
    }

    /// <summary>Reads a part's elements without writing anything (to collect facts before a rewrite).</summary>
    public static void Scan(Stream input, Func<XmlReader, bool> isTarget, Action<XElement> visit)
    {
        using var reader = XmlReader.Create(input, ReaderSettings);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && isTarget(reader))
            {
                visit((XElement)XNode.ReadFrom(reader));
                continue;
            }

            reader.Read();
        }
    }

    private static void CopyNode(XmlReader reader, XmlWriter writer)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                bool empty = reader.IsEmptyElement;
                writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                writer.WriteAttributes(reader, defattr: true);
                if (empty)
                {
                    writer.WriteEndElement();
                }

                break;
            case XmlNodeType.EndElement:
                writer.WriteFullEndElement();
                break;
            case XmlNodeType.Text:
                writer.WriteString(reader.Value);
                break;
            case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                writer.WriteWhitespace(reader.Value);
                break;
            case XmlNodeType.CDATA:
                writer.WriteCData(reader.Value);
                break;
            case XmlNodeType.Comment:
                writer.WriteComment(reader.Value);
                break;
            case XmlNodeType.ProcessingInstruction or XmlNodeType.XmlDeclaration:
                writer.WriteProcessingInstruction(reader.Name, reader.Value);
                break;
        }
    }
}
