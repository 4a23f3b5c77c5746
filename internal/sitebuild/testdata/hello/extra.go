//go:build sitebuild_extra

package main

func init() { extra = " with extra flags" }
