namespace OrleansFed.Grains.Pate;

/// <summary>Bit sets over a teacher roster (index i = the roster's i-th teacher), compact in grain state.</summary>
internal static class TeacherSet
{
    public static byte[] Empty(int rosterSize) => new byte[(rosterSize + 7) / 8];

    public static bool Contains(byte[] set, int index) => (set[index >> 3] & (1 << (index & 7))) != 0;

    public static void Add(byte[] set, int index) => set[index >> 3] |= (byte)(1 << (index & 7));

    public static bool Overlaps(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public static void UnionWith(byte[] target, byte[] other)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] |= other[i];
        }
    }

    public static int Count(byte[] set)
    {
        int count = 0;
        foreach (byte b in set)
        {
            count += System.Numerics.BitOperations.PopCount(b);
        }

        return count;
    }

    /// <summary>The first roster index in both sets, or -1.</summary>
    public static int FirstCommon(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length * 8; i++)
        {
            if (Contains(a, i) && Contains(b, i))
            {
                return i;
            }
        }

        return -1;
    }
}
