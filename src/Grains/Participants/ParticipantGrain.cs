using System.Collections.Immutable;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Participants;

/// <summary>Enrollment, token hash, last seen and rounds joined of one participant.</summary>
[GrainType("participant")]
public sealed class ParticipantGrain(
    [PersistentState("participant")] IPersistentState<ParticipantState> state) : Grain, IParticipantGrain
{
    /// <summary>Polls refresh <see cref="ParticipantState.LastSeen"/> durably at most this often.</summary>
    private static readonly TimeSpan LastSeenPersistInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset _lastSeen;

    async Task IParticipantGrain.RegisterAsync(ParticipantRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        state.State = new ParticipantState
        {
            Name = registration.Name,
            SampleCount = registration.SampleCount,
            TokenHash = registration.TokenHash,
            EnrolledAt = registration.EnrolledAt,
            LastSeen = registration.EnrolledAt,
        };
        await state.WriteStateAsync();
        _lastSeen = registration.EnrolledAt;
    }

    async Task<bool> IParticipantGrain.AuthenticateAsync(string token)
    {
        if (!state.RecordExists || token is null || !ParticipantToken.Matches(token, state.State.TokenHash))
        {
            return false;
        }

        _lastSeen = TimeProvider.GetUtcNow();
        if (_lastSeen - state.State.LastSeen >= LastSeenPersistInterval)
        {
            state.State.LastSeen = _lastSeen;
            await state.WriteStateAsync();
        }

        return true;
    }

    async Task IParticipantGrain.RecordRoundJoinedAsync(int round)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The participant is not registered.");
        }

        var rounds = state.State.RoundsJoined;
        var index = rounds.BinarySearch(round);
        _lastSeen = TimeProvider.GetUtcNow();
        state.State.LastSeen = _lastSeen;
        if (index < 0)
        {
            rounds.Insert(~index, round);
        }

        await state.WriteStateAsync();
    }

    async Task IParticipantGrain.RecordPrivacySpentAsync(double epsilon, double delta)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The participant is not registered.");
        }

        if (!(epsilon >= 0) || !double.IsFinite(epsilon) || delta is not (> 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and >= 0 and δ in (0, 1).");
        }

        state.State.Epsilon = epsilon;
        state.State.Delta = delta;
        await state.WriteStateAsync();
    }

    Task<ParticipantInfo?> IParticipantGrain.GetInfoAsync()
    {
        if (!state.RecordExists)
        {
            return Task.FromResult<ParticipantInfo?>(null);
        }

        var s = state.State;
        var lastSeen = _lastSeen > s.LastSeen ? _lastSeen : s.LastSeen;
        return Task.FromResult<ParticipantInfo?>(
            new ParticipantInfo(s.Name, s.SampleCount, s.EnrolledAt, lastSeen, [.. s.RoundsJoined]) { Epsilon = s.Epsilon, Delta = s.Delta });
    }
}
