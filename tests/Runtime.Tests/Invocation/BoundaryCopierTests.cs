using OrleansFed.Runtime.Invocation;

namespace OrleansFed.Runtime.Tests.Invocation;

public sealed class BoundaryCopierTests
{
    [Fact]
    public void Strings_primitives_and_records_of_them_pass_by_reference()
    {
        var record = new Ticket("p1", 3, TimeSpan.FromSeconds(4), Kind.Deadline, null);
        Assert.Same(record, BoundaryCopier.PlanFor(typeof(Ticket)).Apply(record));
        Assert.False(BoundaryCopier.PlanFor(typeof(string)).Copies);
        Assert.False(BoundaryCopier.PlanFor(typeof(ImmutableDictionary<string, ImmutableArray<int>>)).Copies);
        Assert.False(BoundaryCopier.PlanFor(typeof(int?)).Copies);
    }

    [Fact]
    public void Jagged_arrays_are_copied_at_every_level()
    {
        float[][] rows = [[1f, 2f], [3f]];
        var copy = (float[][])BoundaryCopier.PlanFor(typeof(float[][])).Apply(rows)!;
        rows[0][0] = 9f;
        rows[1] = [7f];
        Assert.Equal(new[] { 1f, 2f }, copy[0]);
        Assert.Equal(new[] { 3f }, copy[1]);
    }

    [Fact]
    public void Nested_and_recursive_records_holding_arrays_are_deep_copied()
    {
        var chain = new Link([1, 2], new Link([3], null));
        var copy = (Link)BoundaryCopier.PlanFor(typeof(Link)).Apply(chain)!;
        chain.Values[0] = 0;
        chain.Next!.Values[0] = 0;
        Assert.Equal(new[] { 1, 2 }, copy.Values);
        Assert.Equal(new[] { 3 }, copy.Next!.Values);
        Assert.NotSame(chain.Next, copy.Next);
    }

    [Fact]
    public void Structs_holding_arrays_and_nullable_structs_are_copied()
    {
        var pair = new KeyValuePair<string, byte[]>("k", [5]);
        var copy = (KeyValuePair<string, byte[]>)BoundaryCopier.PlanFor(typeof(KeyValuePair<string, byte[]>)).Apply(pair)!;
        pair.Value[0] = 6;
        Assert.Equal(new byte[] { 5 }, copy.Value);

        Slice? slice = new Slice([1.5]);
        var sliceCopy = (Slice?)BoundaryCopier.PlanFor(typeof(Slice?)).Apply(slice);
        slice.Value.Data[0] = 0;
        Assert.Equal(new[] { 1.5 }, sliceCopy!.Value.Data);
    }

    [Fact]
    public void A_type_marked_immutable_passes_by_reference_unchecked()
    {
        var cache = new TrustedCache();
        Assert.Same(cache, BoundaryCopier.PlanFor(typeof(TrustedCache)).Apply(cache));
    }

    [Theory]
    [InlineData(typeof(Dictionary<string, int>), "Type Dictionary<String, Int32> cannot cross a grain boundary: field '_buckets' of Dictionary<String, Int32> is not readonly")]
    [InlineData(typeof(IReadOnlyList<int>), "Type IReadOnlyList<Int32> cannot cross a grain boundary: an interface may hide a mutable implementation")]
    [InlineData(typeof(object), "Type Object cannot cross a grain boundary: it is not a data type")]
    [InlineData(typeof(Func<int>), "Type Func<Int32> cannot cross a grain boundary: it is not a data type")]
    [InlineData(typeof(ImmutableArray<float[]>), "Type ImmutableArray<Single[]> cannot cross a grain boundary: its element type Single[] is mutable and would be shared")]
    [InlineData(typeof(int[,]), "Type Int32[,] cannot cross a grain boundary: only one-dimensional arrays are supported")]
    public void Mutable_or_opaque_types_are_refused_with_the_reason(Type type, string expected)
    {
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => BoundaryCopier.PlanFor(type));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_a_mutable_member_names_the_member()
    {
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => BoundaryCopier.PlanFor(typeof(Envelope)));
        Assert.StartsWith(
            "Type Envelope cannot cross a grain boundary: member 'Tags' is not allowed. Type List<String> cannot cross a grain boundary",
            error.Message, StringComparison.Ordinal);
    }

    public enum Kind
    {
        Deadline,
    }

    public sealed record Ticket(string Participant, int Round, TimeSpan Timeout, Kind Kind, Ticket? Previous);

    public sealed record Link(int[] Values, Link? Next);

    public readonly record struct Slice(double[] Data);

    public sealed record Envelope(string Id, List<string> Tags);

    [Immutable]
    public sealed class TrustedCache
    {
        public int Hits { get; set; }
    }
}
