namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The size of a custom pattern as the non-backtracking engine sees it: the number of character positions with every
/// counted repetition written out (<c>\d{3}-\d{4}</c> is 8, <c>[\s\S]{1,480}q</c> is 481, <c>(ab|c){10}</c> is 30).
/// That engine unrolls counted repetitions, and where its cached DFA states run out it tracks up to that many
/// positions at every character of the text, so this number bounds the cost per character.
/// </summary>
internal static class PatternSize
{
    /// <summary>Counts the positions of <paramref name="regex"/>, a pattern that already parsed; at most <see cref="int.MaxValue"/>.</summary>
    public static int Positions(string regex)
    {
        // One frame per open group: the positions inside it so far, and the size of the last atom (what a quantifier repeats).
        var frames = new Stack<(long Sum, long Last)>();
        long sum = 0, last = 0;
        int i = 0;
        while (i < regex.Length)
        {
            char c = regex[i];
            switch (c)
            {
                case '\\':
                    i = SkipEscape(regex, i);
                    (sum, last) = (sum + 1, 1);
                    continue;
                case '[':
                    i = SkipClass(regex, i);
                    (sum, last) = (sum + 1, 1);
                    continue;
                case '(' when i + 2 < regex.Length && regex[i + 1] == '?' && regex[i + 2] == '#':
                    i = regex.IndexOf(')', i) is var close and >= 0 ? close + 1 : regex.Length;
                    continue;
                case '(':
                    frames.Push((sum, last));
                    (sum, last) = (0, 0);
                    i = SkipGroupHeader(regex, i + 1);
                    continue;
                case ')':
                    long inner = sum;
                    (sum, last) = frames.Count > 0 ? frames.Pop() : (0, 0);
                    (sum, last) = (sum + inner, inner);
                    i++;
                    continue;
                case '|' or '^' or '$':
                    last = 0;
                    i++;
                    continue;
                case '*' or '+' or '?':
                    i++;
                    continue;
                case '{' when TryReadCount(regex, i, out long times, out int next):
                    (sum, last) = (Math.Min(sum + (last * (times - 1)), int.MaxValue), Math.Min(last * times, int.MaxValue));
                    i = next;
                    continue;
                default:
                    (sum, last) = (sum + 1, 1);
                    i++;
                    continue;
            }
        }

        while (frames.Count > 0)
        {
            (long outer, long _) = frames.Pop();
            sum += outer;
        }

        return (int)Math.Min(sum, int.MaxValue);
    }

    /// <summary>Reads <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="at"/>: the most repetitions that count (m, else n).</summary>
    private static bool TryReadCount(string regex, int at, out long times, out int next)
    {
        times = 0;
        next = at;
        int close = regex.IndexOf('}', at);
        if (close < 0)
        {
            return false;
        }

        ReadOnlySpan<char> parts = regex.AsSpan(at + 1, close - at - 1);
        int comma = parts.IndexOf(',');
        if (!TryReadNumber(comma < 0 ? parts : parts[..comma], out long low))
        {
            return false;
        }

        long high = low;
        if (comma >= 0 && comma + 1 < parts.Length && !TryReadNumber(parts[(comma + 1)..], out high))
        {
            return false;
        }

        times = Math.Clamp(Math.Max(low, high), 1, int.MaxValue);
        next = close + 1;
        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 10)
        {
            return false;
        }

        foreach (char d in digits)
        {
            if (d is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (d - '0');
        }

        return true;
    }

    /// <summary>Skips what follows <c>(</c> before the group's content: <c>?:</c>, <c>?i-s:</c>, <c>?&lt;name&gt;</c>, <c>?'name'</c>.</summary>
    private static int SkipGroupHeader(string regex, int at)
    {
        if (at >= regex.Length || regex[at] != '?')
        {
            return at;
        }

        int i = at + 1;
        if (i + 1 < regex.Length && regex[i] is '<' or '\'' && regex[i + 1] is not ('=' or '!'))
        {
            int close = regex.IndexOf(regex[i] == '<' ? '>' : '\'', i + 1);
            return close < 0 ? regex.Length : close + 1;
        }

        while (i < regex.Length && regex[i] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
        {
            i++;
        }

        return i < regex.Length && regex[i] == ':' ? i + 1 : i;
    }

    private static int SkipEscape(string regex, int at)
    {
        int i = at + 2;
        if (at + 1 >= regex.Length)
        {
            return regex.Length;
        }

        switch (regex[at + 1])
        {
            case 'p' or 'P' when i < regex.Length && regex[i] == '{':
                int close = regex.IndexOf('}', i);
                return close < 0 ? regex.Length : close + 1;
            case 'u':
                return Math.Min(regex.Length, i + 4);
            case 'x':
                return Math.Min(regex.Length, i + 2);
            case 'c':
                return Math.Min(regex.Length, i + 1);
            default:
                return i;
        }
    }

    private static int SkipClass(string regex, int at)
    {
        // A class may hold escapes, a literal ']' first, and a subtracted class: [a-z-[aeiou]].
        int i = at + 1;
        if (i < regex.Length && regex[i] == '^')
        {
            i++;
        }

        if (i < regex.Length && regex[i] == ']')
        {
            i++;
        }

        while (i < regex.Length)
        {
            switch (regex[i])
            {
                case '\\':
                    i = SkipEscape(regex, i);
                    break;
                case '[':
                    i = SkipClass(regex, i);
                    break;
                case ']':
                    return i + 1;
                default:
                    i++;
                    break;
            }
        }

        return i;
    }
}
