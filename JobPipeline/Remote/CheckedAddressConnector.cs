using System.Net;
using System.Net.Sockets;

namespace JobPipeline.Remote;

/// <summary>
/// The connect step of an outbound <see cref="SocketsHttpHandler"/> that must not reach a private network: the host is
/// resolved once, an address that <see cref="RemoteUrlPolicy.IsPrivate"/> calls private, loopback or link-local is
/// refused unless <c>mayBePrivate</c> says this host may be, and the socket connects to exactly the checked address,
/// so a second lookup cannot swap it (DNS rebinding). Used by <see cref="RemoteDocuments"/> and the webhook sender.
/// </summary>
/// <param name="resolve">Name resolution (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>; tests answer a private address).</param>
/// <param name="mayBePrivate">Whether a connection to this host (as the URL names it) and port may reach a private address.</param>
internal sealed class CheckedAddressConnector(
    Func<string, CancellationToken, Task<IPAddress[]>> resolve,
    Func<string, int, bool> mayBePrivate)
{
    /// <summary>The handler's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        int port = context.DnsEndPoint.Port;
        bool privateAllowed = mayBePrivate(host, port);
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? literal)
            ? [literal]
            : await resolve(host, cancellationToken);
        IPAddress allowed = addresses.FirstOrDefault(a => privateAllowed || !RemoteUrlPolicy.IsPrivate(a))
            ?? throw new RefusedAddressException($"'{host}' resolves to a private, loopback or link-local address, which is refused");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(allowed, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Why a request failed when the cause was a refused address (the sentence, without a closing period), found
    /// anywhere in the chain of inner exceptions the HTTP stack wraps it in; null for any other failure.
    /// </summary>
    public static string? Refusal(Exception failure)
    {
        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            if (current is RefusedAddressException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }

    private sealed class RefusedAddressException(string message) : IOException(message);
}
