using System.Runtime.InteropServices;

namespace OrleansFed.Privacy.Paillier;

/// <summary>P/Invoke declarations for the few GMP integer functions Paillier needs (Debian's libgmp10).</summary>
internal static partial class GmpNative
{
    public const string LibraryName = "libgmp.so.10";

    /// <summary>Whether libgmp can be loaded and exports mpz_powm_sec (GMP ≥ 5).</summary>
    public static bool IsAvailable { get; } = Probe();

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_init")]
    public static partial void Init(ref Mpz value);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_clear")]
    public static partial void Clear(ref Mpz value);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_import")]
    public static unsafe partial void Import(ref Mpz result, nuint count, int order, nuint size, int endian, nuint nails, byte* data);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_export")]
    public static unsafe partial void* Export(byte* destination, out nuint count, int order, nuint size, int endian, nuint nails, ref Mpz value);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_sizeinbase")]
    public static partial nuint SizeInBase(ref Mpz value, int numberBase);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_powm")]
    public static partial void PowMod(ref Mpz result, ref Mpz value, ref Mpz exponent, ref Mpz modulus);

    [LibraryImport(LibraryName, EntryPoint = "__gmpz_powm_sec")]
    public static partial void PowModSecure(ref Mpz result, ref Mpz value, ref Mpz exponent, ref Mpz modulus);

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out nint handle))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(handle, "__gmpz_powm_sec", out _) && NativeLibrary.TryGetExport(handle, "__gmpz_export", out _);
    }

    /// <summary>GMP's __mpz_struct: allocated limbs, signed used limbs, limb pointer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Mpz
    {
        public int Allocated;
        public int Size;
        public nint Limbs;
    }
}
