namespace IdentityOps.Core.Graph.Collection;

/// <summary>A collection could not be read; the message says why in words an admin understands.</summary>
public sealed class GraphCollectionException(string message, Exception? inner = null) : Exception(message, inner);
