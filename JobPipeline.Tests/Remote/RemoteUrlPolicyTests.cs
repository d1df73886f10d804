using System.Net;
using JobPipeline.Remote;

namespace JobPipeline.Tests.Remote;

public sealed class RemoteUrlPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("20.60.1.2", false)]
    [InlineData("2603:1000::1", false)]
    public void Private_loopback_and_link_local_addresses_are_recognised(string address, bool isPrivate)
    {
        Assert.Equal(isPrivate, RemoteUrlPolicy.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/c/b?sig=x", null)]
    [InlineData("http://acct.blob.core.windows.net/c/b", "Plain http")]
    [InlineData("https://evil.example.com/c/b", "not one this deployment allows")]
    [InlineData("https://blob.core.windows.net.evil.com/c/b", "not one this deployment allows")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/c/b", null)]
    [InlineData("http://127.0.0.1:10001/devstoreaccount1/c/b", "not one this deployment allows")]
    [InlineData("https://user:pw@acct.blob.core.windows.net/c/b", "without credentials")]
    [InlineData("ftp://acct.blob.core.windows.net/c/b", "absolute https URL")]
    public void Hosts_are_allowed_by_wildcard_over_https_or_exactly(string url, string? refusal)
    {
        var policy = new RemoteUrlPolicy(["*.blob.core.windows.net", "127.0.0.1:10000"]);

        string? answer = policy.Refusal(new Uri(url));

        if (refusal is null)
        {
            Assert.Null(answer);
        }
        else
        {
            Assert.Contains(refusal, answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void With_no_hosts_listed_the_feature_is_off()
    {
        Assert.Contains("not enabled", new RemoteUrlPolicy([]).Refusal(new Uri("https://acct.blob.core.windows.net/c/b")), StringComparison.Ordinal);
    }
}
