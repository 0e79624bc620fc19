package handlers

// EnumValues exposes the API's closed sets to the package's external tests.
var EnumValues = enumValues
