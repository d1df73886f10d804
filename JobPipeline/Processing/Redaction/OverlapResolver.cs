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
            int byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0) return byScore;
            int byLength = b.Length.CompareTo(a.Length);
            if (byLength != 0) return byLength;
            int byStart = a.Start.CompareTo(b.Start);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.EntityType, b.EntityType);
        });

        var accepted = new List<EntityFinding>();
        if (candidates.Count <= DirectCheckLimit)
        {
            // Few findings (the usual chunk of prose has a handful): each is checked against those accepted so far.
            foreach (EntityFinding candidate in candidates)
            {
                if (candidate.Length > 0 && !OverlapsAny(accepted, candidate))
                {
                    accepted.Add(candidate);
                }
            }
        }
        else
        {
            AcceptCounted(candidates, accepted);
        }

        accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    // Up to this many candidates a direct check (quadratic, but on a few dozen) beats clearing a tree over the chunk.
    private const int DirectCheckLimit = 128;

    private static bool OverlapsAny(List<EntityFinding> accepted, EntityFinding candidate)
    {
        foreach (EntityFinding other in accepted)
        {
            if (other.Start < candidate.End && candidate.Start < other.End)
            {
                return true;
            }
        }

        return false;
    }

    private static void AcceptCounted(List<EntityFinding> candidates, List<EntityFinding> accepted)
    {
        // Positions covered by accepted findings, counted in a Fenwick tree: an overlap check is one range query and
        // accepting marks the finding's characters (accepted findings never overlap, so at most the text's length in
        // all). Keeping the accepted list sorted by insertion instead cost a copy per finding: quadratic in findings.
        int maxEnd = 0;
        foreach (EntityFinding candidate in candidates)
        {
            maxEnd = Math.Max(maxEnd, candidate.End);
        }

        int[] covered = System.Buffers.ArrayPool<int>.Shared.Rent(maxEnd + 1);
        Array.Clear(covered, 0, maxEnd + 1);
        try
        {
            foreach (EntityFinding candidate in candidates)
            {
                // An empty finding would replace nothing.
                if (candidate.Length <= 0 || CountBefore(covered, candidate.End) - CountBefore(covered, candidate.Start) > 0)
                {
                    continue;
                }

                accepted.Add(candidate);
                for (int position = candidate.Start; position < candidate.End; position++)
                {
                    for (int i = position + 1; i <= maxEnd; i += i & -i)
                    {
                        covered[i]++;
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(covered);
        }
    }

    /// <summary>How many covered positions lie before <paramref name="end"/>.</summary>
    private static int CountBefore(int[] covered, int end)
    {
        int count = 0;
        for (int i = end; i > 0; i -= i & -i)
        {
            count += covered[i];
        }

        return count;
    }
}
