namespace OrleansChat.Runtime;

/// <summary>A grain whose identity is a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;
