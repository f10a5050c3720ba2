using OrleansFed.Grains.Participants;
using OrleansFed.Interfaces.Grains;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class ParticipantTests : IAsyncLifetime
{
    private GrainTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GrainTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Issued_token_authenticates_only_its_own_participant()
    {
        await _host.CreateAsync("c1");
        var enrolled = await _host.EnrollAsync("c1", 2);
        var p1 = _host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", "p1"));
        var p2 = _host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", "p2"));

        Assert.Equal("p1", enrolled[0].ParticipantId);
        Assert.True(await p1.AuthenticateAsync(enrolled[0].Token));
        Assert.False(await p2.AuthenticateAsync(enrolled[0].Token));
        Assert.False(await p1.AuthenticateAsync(enrolled[0].Token[..^1] + (enrolled[0].Token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(await _host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", "p9")).AuthenticateAsync(enrolled[0].Token));
    }

    [Fact]
    public async Task Participant_record_keeps_enrollment_but_never_exposes_the_token()
    {
        await _host.CreateAsync("c1");
        var enrollment = await _host.Campaign("c1").EnrollAsync(new Interfaces.Api.EnrollRequest { Name = "hospital-a", SampleCount = 1200 });

        var info = await _host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", enrollment.ParticipantId)).GetInfoAsync();

        Assert.Equal("hospital-a", info!.Name);
        Assert.Equal(1200, info.SampleCount);
        Assert.Equal(_host.Time.GetUtcNow(), info.EnrolledAt);
        Assert.Empty(info.RoundsJoined);
        Assert.DoesNotContain(enrollment.Token, info.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_has_participant_prefix_and_256_bit_secret_and_hash_matches_in_constant_time_compare()
    {
        var (token, hash) = ParticipantToken.Issue("p7");

        Assert.True(ParticipantToken.TryGetParticipantId(token, out var id));
        Assert.Equal("p7", id);
        Assert.Equal(3 + ParticipantToken.SecretLength, token.Length);
        Assert.Equal(64, hash.Length);
        Assert.True(ParticipantToken.Matches(token, hash));
        Assert.False(ParticipantToken.Matches(token + "x", hash));
        Assert.False(ParticipantToken.Matches(token, "not-hex"));
        Assert.NotEqual(token, ParticipantToken.Issue("p7").Token);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("p1")]
    [InlineData("p1.short")]
    [InlineData("x1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_tokens_name_no_participant(string? token)
    {
        Assert.False(ParticipantToken.TryGetParticipantId(token, out _));
    }
}
