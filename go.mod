module github.com/wijkzorg/wijk

go 1.26

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/oklog/ulid/v2 v2.1.1 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
)
