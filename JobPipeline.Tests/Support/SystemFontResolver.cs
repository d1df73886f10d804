using PdfSharp.Fonts;

namespace JobPipeline.Tests.Support;

/// <summary>Gives PDFsharp the DejaVu Sans TrueType font (Linux has no font lookup of its own for PDFsharp).</summary>
internal sealed class SystemFontResolver : IFontResolver
{
    public const string Path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static readonly Lock Gate = new();

    public static void Install()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new SystemFontResolver();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new("DejaVuSans");

    public byte[] GetFont(string faceName) => File.ReadAllBytes(Path);
}
