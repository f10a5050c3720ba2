using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Privacy.Encoding;

/// <summary>
/// Element-wise arithmetic on vectors over the rings Z_(2^32) and Z_(2^64): the accumulation kernel of masked
/// updates (wrap-around is the ring's reduction, so no carry is ever lost or observed).
/// </summary>
public static class RingVector
{
    /// <summary><paramref name="accumulator"/>[i] += <paramref name="values"/>[i] mod 2^32.</summary>
    /// <param name="accumulator">The running sum, updated in place.</param>
    /// <param name="values">The vector added; same length.</param>
    public static void Add(Span<uint> accumulator, ReadOnlySpan<uint> values) => Apply<uint, AddOp<uint>>(accumulator, values);

    /// <summary><paramref name="accumulator"/>[i] −= <paramref name="values"/>[i] mod 2^32.</summary>
    /// <param name="accumulator">The running value, updated in place.</param>
    /// <param name="values">The vector subtracted; same length.</param>
    public static void Subtract(Span<uint> accumulator, ReadOnlySpan<uint> values) => Apply<uint, SubtractOp<uint>>(accumulator, values);

    /// <summary><paramref name="accumulator"/>[i] += <paramref name="values"/>[i] mod 2^64.</summary>
    /// <param name="accumulator">The running sum, updated in place.</param>
    /// <param name="values">The vector added; same length.</param>
    public static void Add(Span<ulong> accumulator, ReadOnlySpan<ulong> values) => Apply<ulong, AddOp<ulong>>(accumulator, values);

    /// <summary><paramref name="accumulator"/>[i] −= <paramref name="values"/>[i] mod 2^64.</summary>
    /// <param name="accumulator">The running value, updated in place.</param>
    /// <param name="values">The vector subtracted; same length.</param>
    public static void Subtract(Span<ulong> accumulator, ReadOnlySpan<ulong> values) => Apply<ulong, SubtractOp<ulong>>(accumulator, values);

    private static void Apply<T, TOp>(Span<T> accumulator, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
        where TOp : struct, IRingOp<T>
    {
        if (accumulator.Length != values.Length)
        {
            throw new ArgumentException("Vectors must have the same length.", nameof(values));
        }

        ref T acc = ref MemoryMarshal.GetReference(accumulator);
        ref T val = ref MemoryMarshal.GetReference(values);
        nuint length = (nuint)accumulator.Length;
        nuint i = 0;

        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<T>.Count)
        {
            nuint last = length - (nuint)Vector512<T>.Count;
            for (; i <= last; i += (nuint)Vector512<T>.Count)
            {
                TOp.Apply(Vector512.LoadUnsafe(ref acc, i), Vector512.LoadUnsafe(ref val, i)).StoreUnsafe(ref acc, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<T>.Count)
        {
            nuint last = length - (nuint)Vector256<T>.Count;
            for (; i <= last; i += (nuint)Vector256<T>.Count)
            {
                TOp.Apply(Vector256.LoadUnsafe(ref acc, i), Vector256.LoadUnsafe(ref val, i)).StoreUnsafe(ref acc, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref acc, i) = TOp.Apply(Unsafe.Add(ref acc, i), Unsafe.Add(ref val, i));
        }
    }

    private interface IRingOp<T>
        where T : unmanaged
    {
        static abstract T Apply(T left, T right);

        static abstract Vector256<T> Apply(Vector256<T> left, Vector256<T> right);

        static abstract Vector512<T> Apply(Vector512<T> left, Vector512<T> right);
    }

    private readonly struct AddOp<T> : IRingOp<T>
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        public static T Apply(T left, T right) => unchecked(left + right);

        public static Vector256<T> Apply(Vector256<T> left, Vector256<T> right) => left + right;

        public static Vector512<T> Apply(Vector512<T> left, Vector512<T> right) => left + right;
    }

    private readonly struct SubtractOp<T> : IRingOp<T>
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        public static T Apply(T left, T right) => unchecked(left - right);

        public static Vector256<T> Apply(Vector256<T> left, Vector256<T> right) => left - right;

        public static Vector512<T> Apply(Vector512<T> left, Vector512<T> right) => left - right;
    }
}
