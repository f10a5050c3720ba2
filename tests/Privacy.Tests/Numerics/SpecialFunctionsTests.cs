using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Tests.Numerics;

public sealed class SpecialFunctionsTests
{
    // Reference values from mpmath at 50 digits.
    [Theory]
    [InlineData(0.1, 0.887537083981715, -0.11930497373739561)]
    [InlineData(1.0, 0.15729920705028513, -1.8496055099332482)]
    [InlineData(1.25, 0.07709987174354177, -2.5626536619221256)]
    [InlineData(2.0, 0.004677734981047266, -5.364941264616638)]
    [InlineData(5.0, 1.537459794428035e-12, -27.200889545537436)]
    [InlineData(10.0, 2.088487583762545e-45, -102.87988902484489)]
    [InlineData(-3.0, 1.9999779095030015, 0.6931361352504468)]
    public void Erfc_and_its_log_match_high_precision_references(double x, double erfc, double logErfc)
    {
        Assert.InRange(Math.Abs(SpecialFunctions.Erfc(x) - erfc) / erfc, 0, 1e-13);
        Assert.InRange(Math.Abs(SpecialFunctions.LogErfc(x) - logErfc), 0, 1e-13 * Math.Max(1, Math.Abs(logErfc)));
    }

    [Fact]
    public void LogErfc_stays_finite_and_accurate_where_erfc_underflows()
    {
        Assert.Equal(0.0, SpecialFunctions.Erfc(40));
        Assert.InRange(Math.Abs(SpecialFunctions.LogErfc(40) - -1604.2615566532736), 0, 1e-10);
        Assert.InRange(Math.Abs(SpecialFunctions.LogErfc(27) - -732.8688865078974), 0, 1e-10);
    }

    [Fact]
    public void LogGamma_matches_factorials_and_the_half_integer_value()
    {
        Assert.Equal(Math.Log(362880.0), SpecialFunctions.LogGamma(10), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 13);
    }

    [Fact]
    public void Log_space_addition_and_subtraction_are_exact_inverses_on_representable_values()
    {
        double sum = SpecialFunctions.LogAdd(Math.Log(3), Math.Log(5));
        Assert.Equal(Math.Log(8), sum, 14);
        Assert.Equal(Math.Log(3), SpecialFunctions.LogSubtract(sum, Math.Log(5)), 14);
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogSubtract(2.0, 2.0));
        Assert.Throws<ArgumentException>(() => SpecialFunctions.LogSubtract(1.0, 2.0));
    }

    [Fact]
    public void Expm1_and_log1p_keep_relative_precision_near_zero()
    {
        Assert.InRange(Math.Abs(SpecialFunctions.ExpMinusOne(1e-10) - (1e-10 + 5e-21)) / 1e-10, 0, 1e-15);
        Assert.InRange(Math.Abs(SpecialFunctions.LogOnePlus(1e-12) - (1e-12 - 5e-25)) / 1e-12, 0, 1e-15);
    }
}
