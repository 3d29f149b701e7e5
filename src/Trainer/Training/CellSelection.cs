using System.Globalization;

namespace ViST.Trainer.Training;

/// <summary>
/// A subset of a dataset's cells, as `--cells` gives it: an index list ("0,3,5-9", 0-based, in that order) or the
/// path of a text file with one index (or range) per line ('#' starts a comment).
/// </summary>
public static class CellSelection
{
    public static int[] Parse(string spec, int cellCount)
    {
        string source = $"--cells '{spec}'";
        IEnumerable<string> items;
        if (File.Exists(spec))
        {
            source = spec;
            items = File.ReadAllLines(spec).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0);
        }
        else if (spec.Length > 0 && spec.All(ch => char.IsAsciiDigit(ch) || ch is ',' or '-' or ' '))
            items = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        else throw new FileNotFoundException($"{spec}: no such cell list file, and not an index list like 0,3,5-9", spec);

        var cells = new List<int>();
        foreach (var item in items)
        {
            var bounds = item.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new FormatException($"{source}: '{item}' is not a cell index or a range like 5-9");
            int from = int.Parse(bounds[0], CultureInfo.InvariantCulture), to = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (to < from) throw new FormatException($"{source}: range '{item}' runs backwards");
            if (to >= cellCount) throw new ArgumentException($"{source}: cell {to} does not exist (the dataset has {cellCount} cells, 0..{cellCount - 1})");
            for (int c = from; c <= to; c++) cells.Add(c);
        }
        if (cells.Count == 0) throw new ArgumentException($"{source}: no cells selected");
        var twice = cells.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new ArgumentException($"{source}: cell {twice.Key} is selected twice");
        return cells.ToArray();
    }

    /// <summary>The compact text form of a selection ("0-3,7"), for tables and logs.</summary>
    public static string Format(IReadOnlyList<int> cells)
    {
        var parts = new List<string>();
        for (int i = 0; i < cells.Count;)
        {
            int j = i;
            while (j + 1 < cells.Count && cells[j + 1] == cells[j] + 1) j++;
            parts.Add(j == i ? cells[i].ToString(CultureInfo.InvariantCulture) : $"{cells[i]}-{cells[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
