namespace OrleansChat.Bench.Report;

/// <summary>One server-side process's CPU over a step's window: its label and the cores it used.</summary>
public sealed record ProcessCpu(string Process, double Cores);
