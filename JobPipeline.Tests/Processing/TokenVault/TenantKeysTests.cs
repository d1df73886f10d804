using JobPipeline.Processing.TokenVault;

namespace JobPipeline.Tests.Processing.TokenVault;

public class TenantKeysTests
{
    private static readonly byte[] MasterKey = Convert.FromBase64String(TestVault.MasterKey);

    [Fact]
    public void The_token_of_a_known_input_never_changes()
    {
        // Worked out independently (Python hmac/hashlib) from the documented derivation; a change here would make
        // every token already handed out unknown.
        var keys = new TenantKeys(MasterKey, "tenant-a");

        string token = keys.Token("ssn", "123-45-6789");

        Assert.Equal("tok_9ZM9ppzjpAW-MShMXLrKCc5xvWZfGujz", token);
    }

    [Fact]
    public void Encrypting_twice_gives_different_ciphertexts_that_both_decrypt()
    {
        var keys = new TenantKeys(MasterKey, "tenant-a");

        byte[] first = keys.Encrypt("tok_x", "secret");
        byte[] second = keys.Encrypt("tok_x", "secret");

        Assert.NotEqual(first, second);
        Assert.Equal(("secret", "secret"), (keys.Decrypt("tok_x", first), keys.Decrypt("tok_x", second)));
    }

    [Fact]
    public void A_value_sealed_for_one_token_does_not_open_for_another()
    {
        var keys = new TenantKeys(MasterKey, "tenant-a");
        byte[] sealedValue = keys.Encrypt("tok_a", "secret");

        string? opened = keys.Decrypt("tok_b", sealedValue);

        Assert.Null(opened);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3 })]
    public void Truncated_values_do_not_decrypt(byte[] sealedValue)
    {
        var keys = new TenantKeys(MasterKey, "tenant-a");

        string? opened = keys.Decrypt("tok_a", sealedValue);

        Assert.Null(opened);
    }

    [Theory]
    [InlineData("tok_9ZM9ppzjpAW-MShMXLrKCc5xvWZfGujz", true)]
    [InlineData("tok_9ZM9ppzjpAW-MShMXLrKCc5xvWZfGuj", false)]
    [InlineData("tok_9ZM9ppzjpAW/MShMXLrKCc5xvWZfGujz", false)]
    [InlineData("TOK_9ZM9ppzjpAW-MShMXLrKCc5xvWZfGujN", false)]
    [InlineData("tok_9ZM9ppzjpAW-MShMXLrKCc5xvWZfGuj=", false)]
    public void Only_the_token_shape_is_well_formed(string token, bool expected)
    {
        bool wellFormed = TenantKeys.IsWellFormed(token);

        Assert.Equal(expected, wellFormed);
    }
}
