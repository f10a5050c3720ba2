namespace OrleansFed.Privacy.Accounting;

/// <summary>Standard lists of Rényi orders.</summary>
public static class RdpOrders
{
    /// <summary>
    /// TF Privacy's default orders: 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, the integers 5…63, 128, 256, 512.
    /// </summary>
    public static IReadOnlyList<double> Default { get; } = BuildDefault();

    private static double[] BuildDefault()
    {
        var orders = new List<double> { 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5 };
        for (int i = 5; i <= 63; i++)
        {
            orders.Add(i);
        }

        orders.AddRange([128, 256, 512]);
        return [.. orders];
    }
}
