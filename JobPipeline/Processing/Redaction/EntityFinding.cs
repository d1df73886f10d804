namespace JobPipeline.Processing.Redaction;

/// <summary>One entity found in a piece of text; <see cref="Start"/> and <see cref="End"/> are UTF-16 offsets, end exclusive.</summary>
internal readonly record struct EntityFinding(string EntityType, int Start, int End, double Score)
{
    public int Length => End - Start;
}
