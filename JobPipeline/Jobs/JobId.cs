using System.Security.Cryptography;

namespace JobPipeline.Jobs;

/// <summary>
/// Job ids: 26 lowercase Crockford base32 characters, 10 of an inverted millisecond timestamp then 16 random
/// (80 bits). The inversion makes the table's ascending row-key order newest first, so a list page is one
/// ordered partition query.
/// </summary>
public static class JobId
{
    /// <summary>The length of every job id.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const long TimeSpace = 1L << 50;

    /// <summary>A new id for a job created at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        Span<char> id = stackalloc char[Length];
        long inverted = TimeSpace - 1 - now.ToUnixTimeMilliseconds();
        for (int i = 9; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(inverted & 31)];
            inverted >>= 5;
        }

        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        for (int i = 0; i < 16; i++)
        {
            id[10 + i] = Alphabet[random[i] & 31];
        }

        return new string(id);
    }

    /// <summary>Whether <paramref name="text"/> has the job id format (not whether such a job exists).</summary>
    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != Length)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
