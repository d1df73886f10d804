using JobPipeline.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsApp.Webhooks;

/// <summary>
/// Wakes the app once a minute to make the webhook deliveries that are due (retries, and those of an instance that
/// went away). The worker's own delivery loop does the same while an instance runs; this timer is what brings a
/// scaled-to-zero app back for a retry that comes due.
/// </summary>
public sealed class WebhookTimer(WebhookDispatcher dispatcher)
{
    /// <summary>The timer function.</summary>
    [Function(nameof(WebhookTimer))]
    public async Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        while (await dispatcher.SweepAsync(cancellationToken))
        {
        }
    }
}
