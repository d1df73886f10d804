namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// A JSON value held in memory with the raw text of its scalars and names, for <c>sort_keys</c>: members are
/// sorted only once their object is complete. Duplicate names are kept, in input order (the sort is stable).
/// </summary>
internal sealed class JsonTree : IJsonTokenSink
{
    private const int FlushThresholdBytes = 64 * 1024;
    private static readonly Comparer<byte[]> CodePointOrder =
        Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)); // UTF-8 byte order is code point order

    private readonly Stack<Node> _open = new();
    private byte[]? _name;
    private byte[]? _key;
    private Node? _root;

    public void StartObject() => Open(new Node { Members = [] });

    public void EndObject() => _open.Pop();

    public void StartArray() => Open(new Node { Items = [] });

    public void EndArray() => _open.Pop();

    public void PropertyName(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> sortKey)
    {
        _name = raw.ToArray();
        _key = sortKey.ToArray();
    }

    public void String(ReadOnlySpan<byte> raw) => Add(new Node { Raw = raw.ToArray(), IsString = true });

    public void Literal(ReadOnlySpan<byte> raw) => Add(new Node { Raw = raw.ToArray() });

    /// <summary>Writes the value with every object's members sorted, flushing as the output grows.</summary>
    public async Task WriteSortedAsync(RawJsonWriter writer, Func<ValueTask> flushAsync)
    {
        if (_root is null)
        {
            return;
        }

        // An explicit stack rather than recursion, so that the output can be flushed asynchronously on the way.
        var frames = new Stack<Frame>();
        Emit(_root, writer, frames);
        while (frames.Count > 0)
        {
            Frame frame = frames.Peek();
            if (frame.Next == frame.Count)
            {
                frames.Pop();
                if (frame.Members is null)
                {
                    writer.EndArray();
                }
                else
                {
                    writer.EndObject();
                }

                continue;
            }

            Node child;
            if (frame.Members is { } members)
            {
                Member member = members[frame.Next++];
                writer.PropertyName(member.Name, member.Key);
                child = member.Value;
            }
            else
            {
                child = frame.Items![frame.Next++];
            }

            Emit(child, writer, frames);
            if (writer.Pending >= FlushThresholdBytes)
            {
                await flushAsync();
            }
        }
    }

    private static void Emit(Node node, RawJsonWriter writer, Stack<Frame> frames)
    {
        if (node.Members is { } members)
        {
            writer.StartObject();
            frames.Push(new Frame { Members = [.. members.OrderBy(m => m.Key, CodePointOrder)], Count = members.Count });
        }
        else if (node.Items is { } items)
        {
            writer.StartArray();
            frames.Push(new Frame { Items = items, Count = items.Count });
        }
        else if (node.IsString)
        {
            writer.String(node.Raw);
        }
        else
        {
            writer.Literal(node.Raw);
        }
    }

    private void Open(Node node)
    {
        Add(node);
        _open.Push(node);
    }

    private void Add(Node node)
    {
        if (!_open.TryPeek(out Node? parent))
        {
            _root = node;
        }
        else if (parent.Members is { } members)
        {
            members.Add(new Member(_name!, _key!, node));
        }
        else
        {
            parent.Items!.Add(node);
        }
    }

    private sealed class Node
    {
        public byte[] Raw { get; init; } = [];

        public bool IsString { get; init; }

        public List<Member>? Members { get; init; }

        public List<Node>? Items { get; init; }
    }

    private sealed record Member(byte[] Name, byte[] Key, Node Value);

    private sealed class Frame
    {
        public Member[]? Members { get; init; }

        public List<Node>? Items { get; init; }

        public int Count { get; init; }

        public int Next { get; set; }
    }
}
