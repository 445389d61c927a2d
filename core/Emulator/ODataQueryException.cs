namespace IdentityOps.Emulator;

/// <summary>A query option Graph would refuse with 400; carries the Graph error code to answer with.</summary>
internal sealed class ODataQueryException : Exception
{
    public ODataQueryException()
    {
    }

    public ODataQueryException(string message)
        : base(message)
    {
    }

    public ODataQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ODataQueryException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; } = GraphErrorCodes.BadRequest;
}
