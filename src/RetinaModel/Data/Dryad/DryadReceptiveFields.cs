using ViST.RetinaModel.Data.Mat;
using ViST.RetinaModel.Data.Masks;

namespace ViST.RetinaModel.Data.Dryad;

/// <summary>
/// RF contours of a Dryad recording (NeuralData/ReceptiveFields/*.mat): a cell array, one 2xK contour per cell,
/// row 1 = x (column), row 2 = y (row), in MATLAB image coordinates (1-based, pixel centres at whole numbers).
/// They are shifted by -0.5 px here to the project's coordinates (origin at the frame's top-left corner).
/// </summary>
public static class DryadReceptiveFields
{
    public const string VariableName = "ReceptiveFields";

    public static List<PixelPoint[]> Read(string path)
    {
        var mat = MatFile.Read(path);
        MatCell cells;
        if (mat.Variables.ContainsKey(VariableName)) cells = mat.Get<MatCell>(VariableName);
        else
        {
            var candidates = mat.Variables.Where(kv => kv.Value is MatCell).ToArray();
            if (candidates.Length != 1)
                throw new InvalidDataException($"{path}: no variable '{VariableName}' and {candidates.Length} cell arrays to choose from (variables: {string.Join(", ", mat.Variables.Keys)})");
            cells = (MatCell)candidates[0].Value;
        }
        var contours = new List<PixelPoint[]>(cells.Count);
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not MatNumeric c || c.Dims.Length != 2 || (c.Rows != 2 && c.Columns != 2) || c.Count < 6)
                throw new InvalidDataException($"{path}: contour {{{i + 1}}} is a {cells[i]} array, expected 2xK x/y points (K >= 3)");
            bool twoRows = c.Rows == 2;
            int k = twoRows ? c.Columns : c.Rows;
            var points = new PixelPoint[k];
            for (int j = 0; j < k; j++)
            {
                double x = twoRows ? c[0, j] : c[j, 0], y = twoRows ? c[1, j] : c[j, 1];
                if (!double.IsFinite(x) || !double.IsFinite(y)) throw new InvalidDataException($"{path}: contour {{{i + 1}}} has a non-finite point");
                points[j] = new PixelPoint(x - 0.5, y - 0.5);
            }
            contours.Add(points);
        }
        return contours;
    }
}
