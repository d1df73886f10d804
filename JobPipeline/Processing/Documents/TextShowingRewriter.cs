using System.Globalization;
using System.Text;
using PdfSharp.Pdf.Content.Objects;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.PdfFonts;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Walks a page's content operators in order, keeping the text state that glyph advances depend on (font size,
/// character and word spacing, horizontal scaling, saved and restored with the graphics state), and counts the glyphs
/// each text-showing operator shows, so that glyph k is PdfPig's letter k. An operator showing a redacted glyph is
/// rewritten as a <c>TJ</c> that leaves the glyph out and moves on by its advance.
/// </summary>
internal sealed class TextShowingRewriter(IReadOnlyList<Letter> letters, bool[] redacted)
{
    private readonly Stack<TextState> _saved = new();
    private TextState _state = new(0, 0, 0, 1);
    private int _glyph;

    /// <summary>The operator's replacement text, or null to keep it as it is.</summary>
    public string? Rewrite(COperator op)
    {
        switch (op.OpCode.Name)
        {
            case "q":
                _saved.Push(_state);
                return null;
            case "Q":
                _state = _saved.Count > 0 ? _saved.Pop() : _state;
                return null;
            case "Tf" when op.Operands.Count == 2:
                _state = _state with { FontSize = Number(op.Operands[1]) };
                return null;
            case "Tc" when op.Operands.Count == 1:
                _state = _state with { CharSpacing = Number(op.Operands[0]) };
                return null;
            case "Tw" when op.Operands.Count == 1:
                _state = _state with { WordSpacing = Number(op.Operands[0]) };
                return null;
            case "Tz" when op.Operands.Count == 1:
                _state = _state with { HorizontalScale = Number(op.Operands[0]) / 100 };
                return null;
            case "Tj" when op.Operands.Count == 1:
                return Show(op.Operands, prefix: "");
            case "'" when op.Operands.Count == 1:
                return Show(op.Operands, prefix: "T*\n");
            case "\"" when op.Operands.Count == 3:
                _state = _state with { WordSpacing = Number(op.Operands[0]), CharSpacing = Number(op.Operands[1]) };
                return Show([op.Operands[2]], prefix: string.Create(CultureInfo.InvariantCulture, $"{Number(op.Operands[0])} Tw {Number(op.Operands[1])} Tc T*\n"));
            case "TJ" when op.Operands.Count == 1 && op.Operands[0] is CArray array:
                return Show(array, prefix: "");
            default:
                if (op.OpCode.Name is "Tj" or "TJ" or "'" or "\"")
                {
                    throw Unsupported("a text operator with unexpected operands");
                }

                return null;
        }
    }

    /// <summary>
    /// Before the content of a form XObject drawn with <c>Do</c>: the form starts from the graphics state (text state
    /// included) at the <c>Do</c>, which is restored after it. Returns the mark <see cref="LeaveForm"/> takes.
    /// </summary>
    public int EnterForm()
    {
        _saved.Push(_state);
        return _saved.Count;
    }

    /// <summary>After a form's content: back to the state before it, whatever the form left unbalanced.</summary>
    public void LeaveForm(int mark)
    {
        while (_saved.Count > mark)
        {
            _saved.Pop();
        }

        if (_saved.Count == mark)
        {
            _state = _saved.Pop();
        }
    }

    /// <summary>Fails unless the walk met exactly the glyphs PdfPig read (else some were drawn where it did not look).</summary>
    public void CheckAllSeen()
    {
        if (_glyph != letters.Count)
        {
            throw Unsupported("text drawn where the rewrite does not walk (an annotation's appearance, a pattern, a Type 3 glyph) or glyphs the reader counted differently");
        }
    }

    private string? Show(IEnumerable<CObject> items, string prefix)
    {
        var array = new StringBuilder("[");
        bool changed = false;
        foreach (CObject item in items)
        {
            switch (item)
            {
                case CString text:
                    changed |= ShowString(Bytes(text), array);
                    break;
                case CInteger or CReal:
                    array.Append(CultureInfo.InvariantCulture, $" {Number(item)} ");
                    break;
                default:
                    throw Unsupported("a text array with an unexpected element");
            }
        }

        return changed ? $"{prefix}{array}] TJ\n" : null;
    }

    private bool ShowString(byte[] bytes, StringBuilder array)
    {
        bool changed = false;
        var kept = new List<byte>();
        using var input = new MemoryInputBytes(bytes);
        int position = 0;
        while (input.MoveNext())
        {
            if (_glyph >= letters.Count)
            {
                throw Unsupported("more glyphs in the content than the reader found");
            }

            Letter letter = letters[_glyph];
            IFont font = letter.GetFont() ?? throw Unsupported("a glyph without a font");
            if (font.IsVertical)
            {
                throw Unsupported("vertical text");
            }

            int code = font.ReadCharacterCode(input, out int length);
            if (font.TryGetUnicode(code, out string? unicode) && !string.IsNullOrEmpty(unicode) && unicode != letter.Value)
            {
                throw Unsupported("a glyph that does not decode to the character the reader found there");
            }

            if (redacted[_glyph])
            {
                Flush(kept, array);
                array.Append(CultureInfo.InvariantCulture, $" {-Advance(letter, code, length):0.###} ");
                changed = true;
            }
            else
            {
                kept.AddRange(bytes.AsSpan(position, length));
            }

            position += length;
            _glyph++;
        }

        Flush(kept, array);
        return changed;
    }

    // The glyph's advance in thousandths of a text space unit: its width (measured by the reader in user space,
    // brought back by the size the reader reports) plus character spacing, and word spacing for a single-byte 32.
    private double Advance(Letter letter, int code, int length)
    {
        if (_state.FontSize == 0 || letter.PointSize <= 0 || _state.HorizontalScale == 0)
        {
            throw Unsupported("a glyph of size zero");
        }

        PdfPoint start = letter.StartBaseLine;
        PdfPoint end = letter.EndBaseLine;
        double width = Math.Sqrt(((end.X - start.X) * (end.X - start.X)) + ((end.Y - start.Y) * (end.Y - start.Y))) / (letter.PointSize * Math.Abs(_state.HorizontalScale));
        double spacing = _state.CharSpacing + (length == 1 && code == 32 ? _state.WordSpacing : 0);
        return (width * 1000) + (spacing * 1000 / _state.FontSize);
    }

    private static void Flush(List<byte> kept, StringBuilder array)
    {
        if (kept.Count == 0)
        {
            return;
        }

        array.Append('<').Append(Convert.ToHexString([.. kept])).Append('>');
        kept.Clear();
    }

    private static byte[] Bytes(CString text)
    {
        byte[] bytes = new byte[text.Value.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            char c = text.Value[i];
            bytes[i] = c <= 0xFF ? (byte)c : throw Unsupported("a text string the content parser decoded past single bytes");
        }

        return bytes;
    }

    private static double Number(CObject value) => value switch
    {
        CInteger integer => integer.Value,
        CReal real => real.Value,
        _ => throw Unsupported("a text operator with a non-numeric operand"),
    };

    private static JobProcessingException Unsupported(string what) =>
        DocumentFailure.Unsupported("pdf", $"{what}. Nothing was returned, so nothing leaked.");

    private sealed record TextState(double FontSize, double CharSpacing, double WordSpacing, double HorizontalScale);
}
