using System.Globalization;
using System.Security;
using System.Text;
using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Report;

/// <summary>
/// A hand-written SVG: one panel per rate sweep (fan-out per room size, chat mix, cluster), latency p50 and p99
/// (log scale) against the offered delivery rate (log scale), ours against the SignalR peer, with the 50 ms bound.
/// </summary>
public static class SvgChart
{
    private const int PanelWidth = 400;
    private const int PanelHeight = 280;
    private const int Columns = 3;
    private const int Left = 56;
    private const int Right = 14;
    private const int Top = 44;
    private const int Bottom = 42;
    private const double MinMs = 0.1;
    private const double MaxMs = 10_000;
    private const string OursColor = "#1f6fd1";
    private const string PeerColor = "#e0771b";

    public static string Render(IEnumerable<(string Title, IReadOnlyList<SeriesResult> Series)> panels)
    {
        var list = panels.Where(p => p.Series.Any(s => s.Steps.Count > 0)).ToList();
        var rows = Math.Max(1, (list.Count + Columns - 1) / Columns);
        var width = PanelWidth * Math.Min(Columns, Math.Max(1, list.Count));
        var height = (PanelHeight * rows) + 40;
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">");
        Append(svg, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        Legend(svg, width);
        for (var i = 0; i < list.Count; i++)
        {
            Panel(svg, 40 + (i / Columns * PanelHeight), i % Columns * PanelWidth, list[i].Title, list[i].Series);
        }
        if (list.Count == 0)
        {
            svg.AppendLine("<text x=\"20\" y=\"80\">No rate sweep ran.</text>");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, int width)
    {
        var x = Math.Max(10, (width / 2) - 260);
        Append(svg, $"<g transform=\"translate({x},18)\">");
        Item(svg, 0, OursColor, false, "ours p99");
        Item(svg, 100, OursColor, true, "ours p50");
        Item(svg, 200, PeerColor, false, "SignalR p99");
        Item(svg, 310, PeerColor, true, "SignalR p50");
        svg.AppendLine("<line x1=\"420\" y1=\"0\" x2=\"445\" y2=\"0\" stroke=\"#c62828\" stroke-dasharray=\"2,3\"/><text x=\"450\" y=\"4\">50 ms bound</text>");
        svg.AppendLine("</g>");
    }

    private static void Item(StringBuilder svg, int x, string color, bool dashed, string label) =>
        Append(svg, $"<line x1=\"{x}\" y1=\"0\" x2=\"{x + 25}\" y2=\"0\" stroke=\"{color}\" stroke-width=\"{(dashed ? 1.5 : 2.5)}\"{(dashed ? " stroke-dasharray=\"5,3\"" : "")}/><text x=\"{x + 30}\" y=\"4\">{label}</text>");

    private static void Panel(StringBuilder svg, int y0, int x0, string title, IReadOnlyList<SeriesResult> series)
    {
        var rates = series.SelectMany(s => s.Steps).Select(s => s.TargetDeliveryRate).ToList();
        var minRate = Math.Pow(10, Math.Floor(Math.Log10(rates.Min())));
        var maxRate = Math.Pow(10, Math.Ceiling(Math.Log10(rates.Max() * 1.01)));
        var plotW = PanelWidth - Left - Right;
        var plotH = PanelHeight - Top - Bottom;
        double X(double rate) => x0 + Left + (Math.Log10(rate / minRate) / Math.Log10(maxRate / minRate) * plotW);
        double Y(double ms) => y0 + Top + plotH - (Math.Log10(Math.Clamp(ms, MinMs, MaxMs) / MinMs) / Math.Log10(MaxMs / MinMs) * plotH);

        Append(svg, $"<text x=\"{x0 + Left + (plotW / 2)}\" y=\"{y0 + Top - 10}\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"12\">{SecurityElement.Escape(title)}</text>");
        Append(svg, $"<rect x=\"{x0 + Left}\" y=\"{y0 + Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        for (var ms = MinMs; ms <= MaxMs * 1.001; ms *= 10)
        {
            var y = Y(ms);
            Append(svg, $"<line x1=\"{x0 + Left}\" y1=\"{F(y)}\" x2=\"{x0 + Left + plotW}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            Append(svg, $"<text x=\"{x0 + Left - 4}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Label(ms)}</text>");
        }
        for (var decade = minRate; decade <= maxRate * 1.001; decade *= 10)
        {
            foreach (var m in new[] { 1, 2, 5 })
            {
                var rate = decade * m;
                if (rate > maxRate * 1.001)
                {
                    break;
                }
                var x = X(rate);
                Append(svg, $"<line x1=\"{F(x)}\" y1=\"{y0 + Top}\" x2=\"{F(x)}\" y2=\"{y0 + Top + plotH}\" stroke=\"{(m == 1 ? "#e4e4e4" : "#f4f4f4")}\"/>");
                Append(svg, $"<text x=\"{F(x)}\" y=\"{y0 + Top + plotH + 14}\" text-anchor=\"middle\">{RateLabel(rate)}</text>");
            }
        }
        Append(svg, $"<text x=\"{x0 + Left + (plotW / 2)}\" y=\"{y0 + PanelHeight - 8}\" text-anchor=\"middle\" fill=\"#444\">offered deliveries/s</text>");
        Append(svg, $"<text transform=\"translate({x0 + 14},{y0 + Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">latency ms</text>");
        var bound = Y(50);
        Append(svg, $"<line x1=\"{x0 + Left}\" y1=\"{F(bound)}\" x2=\"{x0 + Left + plotW}\" y2=\"{F(bound)}\" stroke=\"#c62828\" stroke-dasharray=\"2,3\"/>");

        foreach (var s in series)
        {
            var color = s.Kind == ServerKind.Ours ? OursColor : PeerColor;
            var steps = s.Steps.OrderBy(step => step.TargetDeliveryRate).ToList();
            Line(svg, steps.Select(step => (X(step.TargetDeliveryRate), Y(step.Latency.P50))), color, dashed: true);
            Line(svg, steps.Select(step => (X(step.TargetDeliveryRate), Y(step.Latency.P99))), color, dashed: false);
            foreach (var step in steps)
            {
                var fill = step.Held ? color : "white";
                Append(svg, $"<circle cx=\"{F(X(step.TargetDeliveryRate))}\" cy=\"{F(Y(step.Latency.P99))}\" r=\"3.2\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"1.5\"><title>{RunContext(s.Kind)} {Format.Rate(step.TargetDeliveryRate)}/s: p99 {Format.Ms(step.Latency.P99)} ms{(step.Held ? "" : " (not held)")}</title></circle>");
            }
        }
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, bool dashed)
    {
        var path = string.Join(" ", points.Select(p => $"{F(p.X)},{F(p.Y)}"));
        if (path.Length > 0)
        {
            Append(svg, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{(dashed ? 1.5 : 2.5)}\"{(dashed ? " stroke-dasharray=\"5,3\"" : "")}/>");
        }
    }

    private static string RunContext(ServerKind kind) => Running.RunContext.NameOf(kind);

    private static string Label(double ms) => ms < 1 ? ms.ToString("0.#", CultureInfo.InvariantCulture) : ms.ToString("N0", CultureInfo.InvariantCulture);

    private static string RateLabel(double rate) => rate switch
    {
        >= 1e6 => (rate / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (rate / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => rate.ToString("0", CultureInfo.InvariantCulture),
    };

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder svg, FormattableString line) => svg.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
