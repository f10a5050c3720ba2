using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFed.Runtime.Diagnostics;
using OrleansFed.Runtime.Invocation;

namespace OrleansFed.Runtime.Core;

/// <summary>
/// The silo's grain runtime: the grain factory, the activation directory (one activation per grain id), call dispatch
/// with response timeouts, idle collection, and graceful shutdown. Reminders are delegated to <see cref="ReminderService"/>.
/// </summary>
internal sealed class GrainRuntime : IGrainFactory, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> _directory = new();
    private readonly GrainTypeRegistry _registry;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _collector;

    public GrainRuntime(
        IServiceProvider services,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        GrainTypeRegistry registry,
        RuntimeInstruments instruments,
        ILoggerFactory? loggerFactory = null,
        IReminderTable? reminderTable = null)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        _registry = registry;
        Instruments = instruments;
        Log = (ILogger?)loggerFactory?.CreateLogger("OrleansFed.Runtime") ?? NullLogger.Instance;
        Reminders = new ReminderService(this, reminderTable);
        instruments.ObserveActivations(() => _directory.Count);
    }

    public IServiceProvider Services { get; }

    public GrainRuntimeOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeInstruments Instruments { get; }

    public ILogger Log { get; }

    public ReminderService Reminders { get; }

    public GrainTypeRegistry Registry => _registry;

    public CancellationToken StoppingToken => _stopping.Token;

    /// <summary>The number of activations in the directory (including ones being activated or deactivated).</summary>
    public int ActivationCount => _directory.Count;

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return CreateReference<TGrain>(key);
    }

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => CreateReference<TGrain>(key.ToString("D"));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        _collector = TimeProvider.CreateTimer(
            static s => ((GrainRuntime)s!).CollectIdleActivations(), this, Options.CollectionQuantum, Options.CollectionQuantum);
        RuntimeLog.Started(Log, _registry.ClassCount);
    }

    /// <summary>Stops reminders and collection, refuses new activations, and deactivates every activation
    /// (OnDeactivateAsync runs for each) before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _collector?.Dispose();
        await Reminders.StopAsync().ConfigureAwait(false);
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The grain runtime is stopping.");
        var deactivated = 0;
        // Repeat: a call that raced with the start of shutdown may still have created an activation.
        while (_directory.Values.ToArray() is { Length: > 0 } activations)
        {
            foreach (var activation in activations)
            {
                activation.RequestDeactivation(reason);
            }

            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
            deactivated += activations.Length;
        }

        RuntimeLog.Stopped(Log, deactivated);
    }

    public async ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        await Reminders.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Dispose()
    {
        _collector?.Dispose();
        Reminders.StopAsync().GetAwaiter().GetResult();
        _stopping.Dispose();
    }

    /// <summary>Sends a call and waits for its result, at most <see cref="GrainRuntimeOptions.ResponseTimeout"/>.</summary>
    public async Task<TResult> InvokeAsync<TResult>(GrainId grainId, GrainMethod<TResult> method, object?[] arguments)
    {
        using var activity = RuntimeInstruments.ActivitySource.StartActivity(method.DisplayName, ActivityKind.Internal);
        activity?.SetTag("orleansfed.grain.type", grainId.Type);
        Instruments.CallSent(grainId.Type, method.DisplayName);
        var item = new CallWorkItem<TResult>(method, arguments);
        Send(grainId, item);
        var task = item.Task;
        if (!task.IsCompleted)
        {
            try
            {
                await task.WaitAsync(Options.ResponseTimeout, TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!task.IsCompleted)
            {
                item.Fail(new GrainCallTimeoutException(
                    $"Call {method.DisplayName} to grain {grainId} got no response within {Options.ResponseTimeout} (GrainRuntimeOptions.ResponseTimeout). " +
                    "A call cycle between non-reentrant grains, or a turn that never completes, causes this."));
            }
            catch (Exception)
            {
                // The call's own outcome; rethrown unchanged below.
            }
        }

        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    /// <summary>Sends a [OneWay] call; its failure is logged.</summary>
    public void SendOneWay<TResult>(GrainId grainId, GrainMethod<TResult> method, object?[] arguments)
    {
        Instruments.CallSent(grainId.Type, method.DisplayName);
        var item = new CallWorkItem<TResult>(method, arguments);
        Send(grainId, item);
        item.Task.ContinueWith(
            static (t, s) => RuntimeLog.OneWayCallFailed(((GrainRuntime)s!).Log, t.Exception!.InnerException!),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Delivers a reminder tick, activating the grain if needed. Returns whether the grain's handler ran.</summary>
    public async Task<bool> DeliverReminderAsync(GrainId grainId, string reminderName, TickStatus status)
    {
        var item = new ReminderTickWorkItem(reminderName, status);
        Send(grainId, item);
        try
        {
            await item.Task.WaitAsync(Options.ResponseTimeout, TimeProvider).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            item.Fail(exception);
            RuntimeLog.ReminderTickFailed(Log, reminderName, grainId, exception);
        }

        return item.Started;
    }

    /// <summary>Re-sends work that was queued on an activation which deactivated before running it.</summary>
    public void Forward(GrainId grainId, WorkItem item) => Send(grainId, item);

    public void OnActivationRemoved(Activation activation, bool activated)
    {
        _directory.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
        if (activated)
        {
            Instruments.ActivationRemoved(activation.GrainId.Type);
        }
    }

    /// <summary>Whether a grain type name belongs to a registered grain class implementing <see cref="IRemindable"/>.</summary>
    public bool IsRemindable(string grainType) => _registry.ForGrainType(grainType)?.IsRemindable == true;

    private TGrain CreateReference<TGrain>(string key) where TGrain : IGrain
    {
        var grainClass = _registry.ForInterface(typeof(TGrain));
        var descriptor = _registry.Describe(typeof(TGrain));
        return GrainReferenceProxy.Create<TGrain>(this, descriptor, new GrainId(grainClass.GrainType, key));
    }

    private void Send(GrainId grainId, WorkItem item) => _ = SendAsync(grainId, item);

    /// <summary>Puts <paramref name="item"/> on the grain's activation, creating it if needed. An activation that is
    /// deactivating refuses work: the sender waits until it has left the directory and then tries a fresh one.</summary>
    private async Task SendAsync(GrainId grainId, WorkItem item)
    {
        try
        {
            var grainClass = _registry.ForGrainType(grainId.Type) ?? throw new GrainActivationException(
                $"Grain {grainId} cannot be activated: no grain class with grain type name '{grainId.Type}' is registered.");
            while (true)
            {
                if (item.IsAbandoned)
                {
                    return;
                }

                if (_stopping.IsCancellationRequested && !_directory.ContainsKey(grainId))
                {
                    throw new GrainActivationException($"Grain {grainId} cannot be activated: the grain runtime is stopping.");
                }

                var activation = _directory.GetOrAdd(grainId, static (id, s) => new Activation(s.Runtime, id, s.Class), (Runtime: this, Class: grainClass));
                if (activation.TryEnqueue(item))
                {
                    return;
                }

                await activation.Deactivated.ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            item.Fail(exception);
        }
    }

    private void CollectIdleActivations()
    {
        var now = TimeProvider.GetUtcNow();
        foreach (var activation in _directory.Values)
        {
            activation.CollectIfIdle(now, Options.CollectionAge);
        }
    }
}
