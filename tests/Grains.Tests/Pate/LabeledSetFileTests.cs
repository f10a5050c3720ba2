using System.Text;
using OrleansFed.Grains.Pate;
using OrleansFed.Interfaces.Pate;
using Xunit;

namespace OrleansFed.Grains.Tests.Pate;

public sealed class LabeledSetFileTests
{
    [Fact]
    public void Write_then_read_round_trips_exactly_and_the_bytes_follow_the_documented_format()
    {
        LabeledQuery[] labels = [new(9000, 7), new(3, 0), new(int.MaxValue, 9)];
        using var stream = new MemoryStream();
        LabeledSetFile.Write(stream, labels);
        Assert.Equal("query_id,label\n9000,7\n3,0\n2147483647,9\n", Encoding.UTF8.GetString(stream.ToArray()));
        stream.Position = 0;
        Assert.Equal(labels, LabeledSetFile.Read(stream));
    }

    [Fact]
    public void An_empty_labeled_set_round_trips()
    {
        using var stream = new MemoryStream();
        LabeledSetFile.Write(stream, []);
        stream.Position = 0;
        Assert.Empty(LabeledSetFile.Read(stream));
    }

    [Theory]
    [InlineData("")]
    [InlineData("query_id,label")]
    [InlineData("id,label\n1,2\n")]
    [InlineData("query_id,label\n1,2")]
    [InlineData("query_id,label\n1;2\n")]
    [InlineData("query_id,label\n-1,2\n")]
    [InlineData("query_id,label\n1,2,3\n")]
    [InlineData("query_id,label\n1,x\n")]
    [InlineData("query_id,label\n1,2\n1,3\n")]
    [InlineData("query_id,label\n 1,2\n")]
    [InlineData("query_id,label\n1,2\n\n")]
    public void Malformed_files_are_rejected(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        Assert.Throws<FormatException>(() => LabeledSetFile.Read(stream));
    }

    [Fact]
    public void Writing_duplicate_or_negative_entries_is_refused()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => LabeledSetFile.Write(stream, [new(1, 2), new(1, 2)]));
        Assert.Throws<ArgumentException>(() => LabeledSetFile.Write(new MemoryStream(), [new(1, -2)]));
    }
}
