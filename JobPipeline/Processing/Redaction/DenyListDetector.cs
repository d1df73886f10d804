namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The request's deny list: each term is matched literally, ignoring case (ordinal), and not inside a longer word
/// (a term that starts or ends with a letter or digit needs a non-word character or the text's edge there).
/// The longest term wins where several start at the same place; scanning goes left to right and a match hides
/// whatever starts inside it.
/// </summary>
/// <remarks>
/// All terms form one Aho-Corasick automaton, built once per job over the terms reversed, so that one right-to-left
/// pass finds at every position the terms that start there: the cost is linear in the text, whatever the number of
/// terms (at a position where several terms start, only those are looked at, longest first, until one is a whole
/// word, so at most one per distinct term length). Case is folded per UTF-16 unit (a surrogate pair as one
/// character) with the mapping <see cref="StringComparison.OrdinalIgnoreCase"/> uses.
/// </remarks>
internal sealed class DenyListDetector : EntityDetector
{
    public const double Score = 1.0;

    private const int Root = 0;

    // Trie edges of the reversed, case-folded terms: key = state << 16 | folded char. The root's edges also sit in a
    // dense table, since most characters of a text lead nowhere from the root.
    private readonly Dictionary<long, int> _edges = [];
    private readonly int[] _rootEdges = new int[char.MaxValue + 1];
    private readonly List<int> _termOfState = [-1];
    private readonly List<int> _depth = [0];
    private int[] _failureOf = [];
    private int[] _termOf = [];
    private int[] _outputLink = [];

    // Per distinct term (first wins among terms equal ignoring case, as before): its length and whether its first or
    // last character is a word character (only then does the neighbouring text character matter).
    private readonly List<(int Length, bool FirstIsWord, bool LastIsWord)> _terms = [];

    // Folded first characters of terms that start with a non-word character: only at those may a term start right
    // after a word character.
    private readonly HashSet<char> _nonWordStarts = [];

    // The longest whole-word term starting at each position of the current text (0: none); reused between calls.
    private int[] _longest = [];

    public DenyListDetector(IReadOnlyList<string> terms)
    {
        foreach (string term in terms)
        {
            AddTerm(term);
        }

        Link();
    }

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        if (startAt >= text.Length || _terms.Count == 0)
        {
            return;
        }

        if (_longest.Length < text.Length)
        {
            _longest = new int[Math.Max(text.Length, _longest.Length * 2)];
        }

        // Right to left: after reading text[i], the state is the longest string starting at i that ends some term
        // (reversed: a prefix of a reversed term); its output chain lists every term that starts at i.
        int state = Root;
        for (int i = text.Length - 1; i >= startAt; i--)
        {
            state = Step(state, FoldAt(text, i));
            _longest[i] = state == Root ? 0 : LongestWholeWordAt(text, i, state);
        }

        for (int position = startAt; position < text.Length;)
        {
            int length = _longest[position];
            if (length > 0)
            {
                findings.Add(new EntityFinding(EntityTypes.DenyList, position, position + length, Score));
                position += length;
            }
            else
            {
                position++;
            }
        }
    }

    /// <summary>
    /// The case-folded UTF-16 unit at <paramref name="index"/>: a surrogate pair folds as one character (as ordinal
    /// ignore-case comparison does), a lone surrogate stays as it is.
    /// </summary>
    internal static char FoldAt(ReadOnlySpan<char> text, int index)
    {
        char c = text[index];
        if (!char.IsSurrogate(c))
        {
            return CaseFold.Table[c];
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            return FoldPair(c, text[index + 1]).High;
        }

        if (char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(text[index - 1]))
        {
            return FoldPair(text[index - 1], c).Low;
        }

        return c;
    }

    private static (char High, char Low) FoldPair(char high, char low)
    {
        var upper = System.Text.Rune.ToUpperInvariant(new System.Text.Rune(high, low));
        Span<char> units = stackalloc char[2];
        return upper.EncodeToUtf16(units) == 2 ? (units[0], units[1]) : (high, low);
    }

    private int LongestWholeWordAt(ReadOnlySpan<char> text, int start, int state)
    {
        // Left edge: after a word character only a term that starts with a non-word character can match here.
        bool afterWordChar = start > 0 && IsWordChar(text[start - 1]);
        if (afterWordChar && (_nonWordStarts.Count == 0 || !_nonWordStarts.Contains(FoldAt(text, start))))
        {
            return 0;
        }

        for (int s = _termOf[state] >= 0 ? state : _outputLink[state]; s != Root; s = _outputLink[s])
        {
            (int length, bool firstIsWord, bool lastIsWord) = _terms[_termOf[s]];
            int end = start + length;
            bool leftOk = !firstIsWord || !afterWordChar;
            bool rightOk = !lastIsWord || end == text.Length || !IsWordChar(text[end]);
            if (leftOk && rightOk)
            {
                return length;
            }
        }

        return 0;
    }

    private int Step(int state, char c)
    {
        while (true)
        {
            if (state == Root)
            {
                return _rootEdges[c];
            }

            if (_edges.TryGetValue(((long)state << 16) | c, out int next))
            {
                return next;
            }

            state = _failureOf[state];
        }
    }

    private void AddTerm(string term)
    {
        int state = Root;
        for (int i = term.Length - 1; i >= 0; i--)
        {
            char c = FoldAt(term, i);
            long key = ((long)state << 16) | c;
            if (!_edges.TryGetValue(key, out int next))
            {
                next = _depth.Count;
                _depth.Add(_depth[state] + 1);
                _termOfState.Add(-1);
                _edges.Add(key, next);
                if (state == Root)
                {
                    _rootEdges[c] = next;
                }
            }

            state = next;
        }

        if (_termOfState[state] >= 0)
        {
            return; // Equal to an earlier term ignoring case: the first one stands.
        }

        _termOfState[state] = _terms.Count;
        _terms.Add((term.Length, IsWordChar(term[0]), IsWordChar(term[^1])));
        if (!IsWordChar(term[0]))
        {
            _nonWordStarts.Add(FoldAt(term, 0));
        }
    }

    private void Link()
    {
        int count = _depth.Count;
        _failureOf = new int[count];
        _termOf = [.. _termOfState];
        _outputLink = new int[count];

        // Children per state, to visit the trie breadth first (failure links of a state need those of shallower ones).
        var children = new List<(int Child, char C)>[count];
        foreach ((long key, int child) in _edges)
        {
            int parent = (int)(key >> 16);
            (children[parent] ??= []).Add((child, (char)(key & 0xFFFF)));
        }

        var queue = new Queue<int>();
        queue.Enqueue(Root);
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            if (children[state] is not { } edges)
            {
                continue;
            }

            foreach ((int child, char c) in edges)
            {
                if (state != Root)
                {
                    // The longest proper suffix (in reversed-term order) that is also a path of the trie.
                    int fallback = _failureOf[state];
                    while (true)
                    {
                        int target = fallback == Root ? _rootEdges[c] : _edges.GetValueOrDefault(((long)fallback << 16) | c);
                        if (target != 0 || fallback == Root)
                        {
                            _failureOf[child] = target;
                            break;
                        }

                        fallback = _failureOf[fallback];
                    }
                }

                int failure = _failureOf[child];
                _outputLink[child] = _termOf[failure] >= 0 ? failure : _outputLink[failure];
                queue.Enqueue(child);
            }
        }
    }

    /// <summary>
    /// Per UTF-16 unit, the upper-case mapping that <see cref="StringComparison.OrdinalIgnoreCase"/> applies (the
    /// invariant one, except where ordinal ignore-case does not treat the two as equal, e.g. U+017F and 'S').
    /// </summary>
    private static class CaseFold
    {
        public static readonly char[] Table = Build();

        private static char[] Build()
        {
            char[] table = new char[char.MaxValue + 1];
            Span<char> one = stackalloc char[1];
            Span<char> other = stackalloc char[1];
            for (int i = 0; i <= char.MaxValue; i++)
            {
                char c = (char)i;
                char upper = char.ToUpperInvariant(c);
                one[0] = c;
                other[0] = upper;
                table[i] = upper != c && MemoryExtensions.Equals(one, other, StringComparison.OrdinalIgnoreCase) ? upper : c;
            }

            return table;
        }
    }
}
