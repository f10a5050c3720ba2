using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task DeactivateAfterThisCall();

    Task StartTimer(TimeSpan dueTime, TimeSpan period);

    Task StopTimer();

    [OneWay]
    Task Notify(string message);
}

/// <summary>Records its life cycle. Key "fail-once" fails its first activation; key "slow-deactivate" waits at the
/// probe gate "deactivate:{key}" inside OnDeactivateAsync.</summary>
internal sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain
{
    private IGrainTimer? _timer;

    private string Key => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Key == "fail-once" && probe.Bump("fail-once") == 0)
        {
            throw new InvalidOperationException("first activation fails on purpose");
        }

        probe.Record($"activate:{Key}");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate-start:{Key}:{reason.ReasonCode}");
        if (Key == "slow-deactivate")
        {
            await probe.Gate($"deactivate:{Key}").Task;
        }

        probe.Record($"deactivate:{Key}:{reason.ReasonCode}");
    }

    public Task<string> Ping()
    {
        probe.Record($"ping:{Key}");
        return Task.FromResult($"pong {Key}");
    }

    public Task DeactivateAfterThisCall()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTimer(TimeSpan dueTime, TimeSpan period)
    {
        _timer = RegisterGrainTimer(
            _ =>
            {
                probe.Record($"tick:{Key}");
                return Task.CompletedTask;
            },
            dueTime,
            period);
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task Notify(string message)
    {
        probe.Record($"notify:{Key}:{message}");
        return Task.CompletedTask;
    }
}
