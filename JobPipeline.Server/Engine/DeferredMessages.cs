namespace JobPipeline.Server.Engine;

/// <summary>
/// The job messages this instance handed back to the queue because their tenant ran its cap of jobs, with the pop
/// receipt of that hand-back, per tenant, oldest first. When one of the tenant's jobs ends here, the oldest of them is
/// made visible at once instead of waiting out its deferral delay, so a tenant alone on the engine loses no time to
/// the cap. Bounded; a receipt gone stale (another delivery took the message) just fails its update.
/// </summary>
internal sealed class DeferredMessages
{
    private const int MaxPerTenant = 1_000;

    private readonly Dictionary<string, OrderedDictionary<string, string>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Remembers a message handed back with <paramref name="popReceipt"/>.</summary>
    public void Add(string tenant, string messageId, string popReceipt)
    {
        lock (_byTenant)
        {
            if (!_byTenant.TryGetValue(tenant, out OrderedDictionary<string, string>? messages))
            {
                _byTenant[tenant] = messages = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            }

            if (!messages.ContainsKey(messageId) && messages.Count >= MaxPerTenant)
            {
                messages.RemoveAt(0);
            }

            messages[messageId] = popReceipt;
        }
    }

    /// <summary>Forgets a message: it was received again, so its receipt is stale.</summary>
    public void Forget(string tenant, string messageId)
    {
        lock (_byTenant)
        {
            if (_byTenant.TryGetValue(tenant, out OrderedDictionary<string, string>? messages) && messages.Remove(messageId) && messages.Count == 0)
            {
                _byTenant.Remove(tenant);
            }
        }
    }

    /// <summary>Takes the tenant's oldest handed-back message, if any.</summary>
    public bool TryTake(string tenant, out string messageId, out string popReceipt)
    {
        lock (_byTenant)
        {
            if (_byTenant.TryGetValue(tenant, out OrderedDictionary<string, string>? messages) && messages.Count > 0)
            {
                (messageId, popReceipt) = messages.GetAt(0);
                messages.RemoveAt(0);
                if (messages.Count == 0)
                {
                    _byTenant.Remove(tenant);
                }

                return true;
            }
        }

        (messageId, popReceipt) = (string.Empty, string.Empty);
        return false;
    }
}
