namespace ViST.RetinaModel.Data.Mat;

/// <summary>MATLAB array classes (mxClassID values of the MAT v5 format).</summary>
public enum MatClass
{
    Cell = 1, Struct = 2, Object = 3, Char = 4, Sparse = 5, Double = 6, Single = 7,
    Int8 = 8, UInt8 = 9, Int16 = 10, UInt16 = 11, Int32 = 12, UInt32 = 13, Int64 = 14, UInt64 = 15,
}

/// <summary>One MATLAB array read from a MAT file. Dimensions are MATLAB's (at least 2); elements are stored
/// column-major, as MATLAB does: element (i, j) of an m x n array is at index i + j*m.</summary>
public abstract class MatValue(MatClass matClass, int[] dims)
{
    public MatClass Class { get; } = matClass;
    public int[] Dims { get; } = dims;
    public int Count => Dims.Aggregate(1, (a, d) => a * d);
    public int Rows => Dims[0];
    public int Columns => Dims.Length > 1 ? Dims.Skip(1).Aggregate(1, (a, d) => a * d) : 1;
    public string DimsText => string.Join("x", Dims);
    public bool IsEmpty => Count == 0;

    /// <summary>Column-major index of (row, column) with a bounds check.</summary>
    protected int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            throw new IndexOutOfRangeException($"({row},{column}) is outside a {DimsText} array");
        return row + column * Rows;
    }

    public override string ToString() => $"{DimsText} {Class.ToString().ToLowerInvariant()}";
}

/// <summary>A numeric or logical array of any class. Values are held as double: exact for every class except
/// 64-bit integers beyond 2^53, which MATLAB data of this project (spike times, counts, contours) never reach.</summary>
public sealed class MatNumeric(MatClass matClass, int[] dims, double[] real, double[]? imaginary, bool logical)
    : MatValue(matClass, dims)
{
    public double[] Real { get; } = real;
    public double[]? Imaginary { get; } = imaginary;
    public bool IsLogical { get; } = logical;
    public double this[int row, int column] => Real[Index(row, column)];
    public double this[int index] => Real[index];

    /// <summary>The single value of a 1x1 array; throws naming <paramref name="what"/> otherwise.</summary>
    public double Scalar(string what) => Count == 1 ? Real[0]
        : throw new InvalidDataException($"{what}: expected a scalar, got a {this} array");
}

/// <summary>A char array (a string when it has one row).</summary>
public sealed class MatChar(int[] dims, string text) : MatValue(MatClass.Char, dims)
{
    /// <summary>The characters in column-major order, as stored.</summary>
    public string Text { get; } = text;

    /// <summary>The text read row by row (what MATLAB displays), rows joined by newlines.</summary>
    public string RowText()
    {
        if (Rows <= 1) return Text;
        var rows = Enumerable.Range(0, Rows).Select(r => new string(Enumerable.Range(0, Columns).Select(c => Text[r + c * Rows]).ToArray()));
        return string.Join("\n", rows);
    }
}

/// <summary>A cell array: every element is itself an array.</summary>
public sealed class MatCell(int[] dims, MatValue[] elements) : MatValue(MatClass.Cell, dims)
{
    public MatValue[] Elements { get; } = elements;
    public MatValue this[int row, int column] => Elements[Index(row, column)];
    public MatValue this[int index] => Elements[index];
}

/// <summary>A struct array: for each element, one array per field.</summary>
public sealed class MatStruct(int[] dims, string[] fieldNames, IReadOnlyDictionary<string, MatValue>[] elements)
    : MatValue(MatClass.Struct, dims)
{
    public string[] FieldNames { get; } = fieldNames;
    public IReadOnlyDictionary<string, MatValue>[] Elements { get; } = elements;
}
