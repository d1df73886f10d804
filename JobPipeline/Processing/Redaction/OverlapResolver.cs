namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Keeps a set of non-overlapping findings: higher score first, then longer, then earlier, then entity type
/// (ordinal), so the outcome never depends on the order detectors ran in.
/// </summary>
internal static class OverlapResolver
{
    public static List<EntityFinding> Resolve(List<EntityFinding> candidates)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        candidates.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0) return byScore;
            var byLength = b.Length.CompareTo(a.Length);
            if (byLength != 0) return byLength;
            var byStart = a.Start.CompareTo(b.Start);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.EntityType, b.EntityType);
        });

        // Accepted findings, kept sorted by start, so an overlap check is one binary search.
        var accepted = new List<EntityFinding>(candidates.Count);
        var starts = new List<int>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var index = starts.BinarySearch(candidate.Start);
            if (index >= 0)
            {
                continue;
            }

            index = ~index;
            if (index > 0 && accepted[index - 1].End > candidate.Start)
            {
                continue;
            }

            if (index < accepted.Count && accepted[index].Start < candidate.End)
            {
                continue;
            }

            accepted.Insert(index, candidate);
            starts.Insert(index, candidate.Start);
        }

        return accepted;
    }
}
